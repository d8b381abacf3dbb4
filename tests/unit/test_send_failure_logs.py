"""A send that fails is logged by the message's id and the error's type and code, never
by its text: a mail server's reply quotes the recipient's address. The whole reason
stays on the message row, where staff see it in the messages list."""

import logging
import smtplib

import pytest

from services.messaging import transports
from services.messaging.models import Message

ADDRESS = "asa.lindqvist@example.se"


class Failing:
    delivers = False

    def __init__(self, error):
        self.error = error

    def send(self, message):
        raise self.error

    def close(self):
        pass


@pytest.mark.parametrize(
    "error, kind",
    [
        (
            smtplib.SMTPRecipientsRefused({ADDRESS: (550, f"5.1.1 <{ADDRESS}>: no such user".encode())}),
            "SMTPRecipientsRefused 550",
        ),
        (smtplib.SMTPResponseException(554, f"<{ADDRESS}> rejected".encode()), "SMTPResponseException 554"),
        (ValueError(f"cannot encode {ADDRESS}"), "ValueError"),
    ],
)
def test_the_log_names_the_message_and_the_error_kind_and_the_row_keeps_the_reason(error, kind, caplog):
    message = Message(id=42, channel="email", recipient=ADDRESS, subject="Hello", body="Hi")
    with caplog.at_level(logging.DEBUG, logger="services.messaging.transports"):
        ((_, outcome, reason),) = transports.send_each([message], Failing(error))
    assert outcome == "failed" and ADDRESS in reason  # for the message row
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert f"message 42 could not be sent: {kind}" in logged
    assert ADDRESS not in logged and not any(r.exc_info for r in caplog.records)
