import time

import pytest

from tests.stack import Stack


@pytest.fixture(scope="session")
def stack():
    """Every service and the gateway, started once for the e2e session."""
    s = Stack().start()
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
