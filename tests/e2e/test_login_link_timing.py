"""The portal's login-link form tells nobody who our customers are: not by its answer,
and not by how long it takes (gateway/routes/portal.py)."""

import statistics
import time
import uuid

from gateway.routes.portal import LINK_ANSWER_SECONDS


def test_the_login_link_form_takes_as_long_for_a_customer_as_for_a_stranger(stack):
    t = uuid.uuid4().hex[:8]
    known = f"timed.{t}@example.se"
    made = stack.request(
        "POST",
        "/api/customers",
        json={"kind": "person", "given_name": "Tim", "family_name": f"Ed{t}", "emails": [{"address": known}]},
        params={"confirm_new": "true"},
    )
    assert made.status_code == 201, made.text

    def answer(email):
        start = time.monotonic()
        r = stack.request("POST", "/api/portal/login-link", role=None, json={"email": email})
        return r, time.monotonic() - start

    timings = {"known": [], "unknown": []}
    for i in range(3):
        for kind, email in (("known", known), ("unknown", f"stranger.{i}.{t}@example.se")):
            r, took = answer(email)
            assert r.status_code == 202, r.text
            timings[kind].append(took)
    known_took, unknown_took = statistics.median(timings["known"]), statistics.median(timings["unknown"])
    assert min(timings["unknown"]) >= LINK_ANSWER_SECONDS * 0.95, timings
    assert abs(known_took - unknown_took) < 0.05, timings
