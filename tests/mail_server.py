"""A real SMTP server (aiosmtpd) for the tests that read what was sent, and a whole stack
that sends its mail to one."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tests.stack import Stack, free_port

ROOT = Path(__file__).resolve().parents[1]


def start_smtp(port: int, box: Path) -> subprocess.Popen[bytes]:
    """aiosmtpd on 127.0.0.1:`port`, keeping each mail in the maildir `box`; returns once
    it answers."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "tests.integration.smtp_handlers.RefusesNobody",
            str(box),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if time.time() > deadline:
                server.kill()
                raise
            time.sleep(0.1)


def stack_sending_mail(box: Path) -> Iterator[Stack]:
    """A whole stack whose mail goes to a real SMTP server keeping it in `box` (the
    stack's `maildir`); for a module-scoped fixture to yield from."""
    port = free_port()
    server = start_smtp(port, box)
    stack = Stack(extra_env={"CRM_SMTP_URL": f"smtp://127.0.0.1:{port}"}).start()
    stack.maildir = box
    yield stack
    stack.stop()
    server.kill()
    server.wait()
