"""A message read as sent (the desk's "Messages sent" tab): its subject and text as the
customer got them, a secret in it still its placeholder; an unknown id is not found."""

import pytest

from crm_common.contracts import dump, load
from crm_common.contracts.messaging import ManualMessageIn, MessageOut
from crm_common.errors import NotFound
from services.messaging import outgoing
from services.messaging.models import Base

LINK = "https://crm.example/portal/login/s3cret"
CUSTOMER = {"id": 7, "name": "Åsa", "language": "sv", "emails": [{"address": "asa@example.se"}]}


@pytest.fixture
def uow(uow_factory):
    return uow_factory(Base)


def test_a_message_reads_as_sent_with_its_secret_masked_and_an_unknown_one_is_not_found(uow):
    data = load(ManualMessageIn(), {"template": "portal_login_link", "values": {"minutes": 20}})
    with uow.transaction() as session:
        made = outgoing.by_hand(session, data, CUSTOMER, "ann", {"link": LINK})
    with uow.read() as session:
        read = dump(MessageOut, outgoing.one(session, made.id))
        assert (read["recipient"], read["channel"]) == ("asa@example.se", "email")
        assert read["subject"] and "[login link removed]" in read["body"] and LINK not in str(read)
        with pytest.raises(NotFound) as missing:
            outgoing.one(session, made.id + 1)
        assert missing.value.fields == {"message_id": "not found"}
