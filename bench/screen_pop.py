"""A ringing call to an agent's painted screen (T1): the PBX posts `ringing`, and the
caller's 360° view shows in that agent's browser, with N agents' desks open at once.

  python -m bench.screen_pop [--agents 50] [--calls 200]

The whole system runs as `make run` starts it (one process, SQLite); Debian's Chromium
holds one desk per agent, each logged in with its own extension and its live stream open.
Each call rings a random agent's extension from a random known customer's number. The
time runs from just before the PBX's POST is sent to the moment the agent's page has
rendered the view (recorded by the page after the render, on the same machine's clock).
Goal: p99 < 300 ms with 50 agents connected.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import time
import uuid

import eventlet

eventlet.monkey_patch()

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.stack import Stack  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.screen_pop")
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--customers", type=int, default=100)
    args = parser.parse_args(argv)
    rng = random.Random(7)
    stack = Stack().start()
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        numbers = []
        for i in range(args.customers):
            number = f"+46709{i:06d}"
            r = stack.request(
                "POST",
                "/api/customers?confirm_new=true",
                json={
                    "kind": "person",
                    "name": f"Caller {uuid.uuid4().hex[:6]}",
                    "phones": [{"number": number}],
                },
            )
            r.raise_for_status()
            numbers.append(number)
        pages = {}
        for i in range(args.agents):
            username, extension = f"bench{i:03d}", f"{5000 + i}"
            r = stack.request(
                "POST",
                "/api/users",
                role="admin",
                json={
                    "username": username,
                    "password": "bench-password",
                    "role": "agent",
                    "extension": extension,
                },
            )
            r.raise_for_status()
            page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
            page.goto(stack.url("/desk"))
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", "bench-password")
            page.click("button[type=submit]")
            page.wait_for_selector("[data-live=on]")
            pages[extension] = page
        latencies, arrived, answered = [], [], []
        for n in range(args.calls):
            extension = rng.choice(list(pages))
            page = pages[extension]
            started = time.time()
            r = stack.request(
                "POST",
                "/api/telephony/events",
                role="pbx",
                json={
                    "event": "ringing",
                    "call_id": f"bench-{n}-{uuid.uuid4().hex[:6]}",
                    "from": rng.choice(numbers),
                    "extension": extension,
                },
            )
            r.raise_for_status()
            call = r.json()
            painted = page.wait_for_function(
                f"() => window.__painted && window.__painted['{call['id']}']", timeout=10_000
            ).json_value()
            latencies.append(painted / 1000 - started)
            arrived.append(page.evaluate(f"() => window.__arrived['{call['id']}']") / 1000 - started)
            answered.append(r.elapsed.total_seconds())
            stack.request(
                "POST",
                "/api/telephony/events",
                role="pbx",
                json={"event": "hangup", "call_id": call["call_id"]},
            )
        print(
            f"\nScreen pop, {args.agents} agents connected, {args.calls} calls "
            f"({platform.machine()}, {platform.python_version()}):"
        )
        print("| from the PBX's POST to | p50 ms | p90 ms | p99 ms | max ms |")
        print("|---|---|---|---|---|")
        for label, values in (
            ("the PBX's answer (call stored, caller resolved)", answered),
            ("the pop arriving in the agent's browser", arrived),
            ("the caller's view painted", latencies),
        ):
            ms = [x * 1000 for x in values]
            print(
                f"| {label} | {statistics.median(ms):.1f} | {percentile(ms, 0.9):.1f} "
                f"| {percentile(ms, 0.99):.1f} | {max(ms):.1f} |"
            )
    finally:
        browser.close()
        stack.stop()


if __name__ == "__main__":
    main()
