"""The gateway's access log, as a deployment writes it (deploy/nameko.yaml at INFO): each
request's path, never its query string, and no value a refused call carried."""

import pytest

from tests.stack import PBX_KEY, Stack


@pytest.fixture(scope="module")
def talkative():
    s = Stack(services=("customer",), extra_env={"LOG_LEVEL": "INFO"}).start()
    yield s
    s.stop()


def test_the_access_log_names_the_path_without_the_query_string(talkative):
    r = talkative.request("GET", "/api/customers?q=Privatsson+Maja&limit=5")
    assert r.status_code == 200, r.text
    r = talkative.request("GET", "/api/customers/by-phone?number=0701234567")
    assert r.status_code == 200, r.text
    r = talkative.request("GET", "/api/customers?q=maja.privat@example.se")
    assert r.status_code == 200, r.text
    log = (talkative.data_dir / "stack.log").read_text()
    assert "GET /api/customers HTTP/1.1" in log, log[-2000:]
    assert "GET /api/customers/by-phone HTTP/1.1" in log
    for value in ("Privatsson", "0701234567", "+46701234567", "maja.privat"):
        assert value not in log


def test_the_access_log_leaves_out_the_pbx_key_a_cti_address_carries(talkative):
    """A PBX set up for Zammad's CTI API sends our key as the address's last segment."""
    for key in (PBX_KEY, "a-wrong-key-guessed-by-someone"):
        r = talkative.http.post(
            talkative.url(f"/api/telephony/cti/{key}"), json={"event": "hangup"}, timeout=15
        )
        assert r.status_code != 200  # the telephony service is not running here
    log = (talkative.data_dir / "stack.log").read_text()
    assert "POST /api/telephony/cti/[key] HTTP/1.1" in log, log[-2000:]
    assert PBX_KEY not in log and "a-wrong-key-guessed-by-someone" not in log
