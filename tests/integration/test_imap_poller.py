"""The IMAP poller (K1) against a real IMAP server (pymap, in memory): unseen mail becomes
cases, is marked seen only once taken in, a mail without a sender is flagged for a
person, and the same mail delivered again journals once."""

import imaplib
import socket
import subprocess
import sys
import time

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from services.case.service import CaseService
from services.customer.service import CustomerService
from tests.integration.test_events_never_lost import wait_until

USER, PASSWORD, FOLDER = "demouser", "demopass", "Support"


@pytest.fixture
def imap_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pymap.main import main; sys.exit(main())",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-tls",
            "dict",
            "--demo-data",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 15
    while True:
        try:
            imaplib.IMAP4("127.0.0.1", port).logout()
            break
        except OSError:
            if time.time() > deadline:
                server.kill()
                raise
            time.sleep(0.1)
    yield port
    server.kill()
    server.wait()


def client(port):
    c = imaplib.IMAP4("127.0.0.1", port)
    c.login(USER, PASSWORD)
    return c


def deliver(port, raw: bytes):
    c = client(port)
    c.append(FOLDER, None, None, raw)
    c.logout()


def flags(port):
    c = client(port)
    c.select(FOLDER)
    _, data = c.fetch("1:*", "(FLAGS)")
    c.logout()
    return [set(imaplib.ParseFlags(d)) for d in data if d]


MAIL = (
    b"From: Greta Holm <greta.holm@example.se>\r\nTo: support@crm.example\r\n"
    b"Subject: Paketet kom aldrig\r\nMessage-ID: <imap-1@example.se>\r\n\r\nVar \xc3\xa4r mitt paket?\r\n"
)
NO_SENDER = b"To: support@crm.example\r\nSubject: ???\r\nMessage-ID: <imap-2@example.se>\r\n\r\nhm\r\n"


def test_the_poller_takes_in_unseen_mail_once_and_flags_what_it_cannot_read(
    imap_port, config, container_factory
):
    c = client(imap_port)
    c.create(FOLDER)
    c.logout()
    deliver(imap_port, MAIL)
    deliver(imap_port, NO_SENDER)
    config = {**config, "IMAP_URL": f"imap://{USER}:{PASSWORD}@127.0.0.1:{imap_port}/{FOLDER}"}
    container_factory(CustomerService, config).start()
    container_factory(CaseService, config).start()

    assert wait_until(lambda: flags(imap_port) == [{b"\\Seen"}, {b"\\Seen", b"\\Flagged"}]), flags(imap_port)
    with ClusterRpcProxy(config) as rpc:
        (greta,) = rpc.customer.find_by_email("greta.holm@example.se")
        (case,) = rpc.case.list_cases(greta["id"])
        assert case["subject"] == "Paketet kom aldrig" and case["channel"] == "email"
        deliver(imap_port, MAIL)  # the provider delivers it again
        assert wait_until(lambda: flags(imap_port)[-1] == {b"\\Seen"})
        assert len(rpc.case.list_cases(greta["id"])) == 1
        journal = rpc.case.get_journal(case["id"])
        assert [e["body"] for e in journal if e["kind"] == "message"] == ["Var är mitt paket?"]
