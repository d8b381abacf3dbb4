"""The web pages' files: served with their type and a validator, nothing outside the
folder, and pages that run no inline script."""

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from crm_common.errors import NotFound
from gateway import web_assets


def get(path, headers=None):
    return Request(EnvironBuilder(path=path, headers=headers or {}).get_environ())


def test_a_script_comes_with_its_type_and_an_etag_that_saves_the_second_download():
    first = web_assets.asset(get("/static/js/desk.js"), "js/desk.js")
    assert first.status_code == 200 and first.mimetype == "text/javascript"
    assert b"render(" in first.get_data()
    etag = first.headers["ETag"]
    again = web_assets.asset(get("/static/js/desk.js", {"If-None-Match": etag}), "js/desk.js")
    assert again.status_code == 304 and again.get_data() == b""


def test_nothing_outside_the_folder_and_no_page_through_the_static_path():
    for name in (
        "../web_assets.py",
        "../../crm_common/config.py",
        "/etc/passwd",
        "desk.html",
        "nope.js",
        "js",
        "js/\x00.js",
        "x" * 300,
    ):
        with pytest.raises(NotFound):  # a 404 in JSON, like every other
            web_assets.asset(get("/static/x"), name)


def test_the_pages_allow_scripts_from_this_server_only():
    page = web_assets.page("desk")
    assert page.mimetype == "text/html"
    policy = page.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert b'<script type="module" src="/static/js/desk.js">' in page.get_data()
    assert b"http" not in page.get_data()  # nothing fetched from elsewhere
