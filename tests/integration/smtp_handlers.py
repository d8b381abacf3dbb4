"""aiosmtpd handlers for the delivery tests, run in the real SMTP server's process."""

from aiosmtpd.handlers import Mailbox


class RefusesNobody(Mailbox):
    """Keeps mail in an mbox like Mailbox, but refuses nobody@… with 550."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"
