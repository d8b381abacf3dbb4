import time

import pytest

from tests.stack import Stack


@pytest.fixture(scope="session")
def stack():
    """Every service and the gateway, started once for the e2e session. An agent whose
    desks all closed goes offline after 4 s, not 60 (tests/e2e/test_presence.py)."""
    s = Stack(extra_env={"CRM_PRESENCE_GRACE_SECONDS": "4"}).start()
    yield s
    s.stop()


@pytest.fixture
def eventually():
    """eventually(fn) → fn()'s first truthy result within 10 s, for effects of events."""

    def wait(fn, timeout=10.0):
        deadline = time.time() + timeout
        while True:
            result = fn()
            if result or time.time() > deadline:
                return result
            time.sleep(0.05)

    return wait


CHROMIUM = "/usr/bin/chromium"
# Chromium as root in a container, with nothing that reaches out to the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (one for the session)."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    # Not playwright.stop(): under eventlet's monkey-patching it waits forever for the
    # driver process, which ends by itself when this process exits and closes its pipe.


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_call = report.failed
    return report


@pytest.fixture
def open_page(browser, stack, request, tmp_path_factory):
    """open_page(path, width=1200) → a new page at the stack's `path`; JavaScript errors
    on any of them fail the test."""
    contexts, errors = [], []

    def open_(path="/desk", width=1200, height=900, timezone=None):
        """timezone: the browser's time zone (an IANA name), the machine's when None."""
        zone = {"timezone_id": timezone} if timezone else {}
        context = browser.new_context(
            viewport={"width": width, "height": height}, accept_downloads=True, **zone
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(stack.url(path))
        return page

    yield open_
    if getattr(request.node, "failed_call", False):  # what the pages showed when it failed
        folder = tmp_path_factory.mktemp("failed-pages")
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                page.screenshot(path=str(folder / f"{request.node.name}-{i}-{j}.png"), full_page=True)
        print(f"screenshots of the pages: {folder}")
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture(scope="session")
def screenshot():
    """screenshot(page, name): kept under $CRM_SCREENSHOT_DIR (docs/screenshots with
    `make screenshots`), else in a temporary folder."""
    import os
    import tempfile
    from pathlib import Path

    folder = Path(os.environ.get("CRM_SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="crm-shots-"))
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        page.wait_for_timeout(150)  # let a transition settle
        page.screenshot(path=str(folder / f"{name}.png"), full_page=False)

    return take
