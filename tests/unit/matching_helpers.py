"""What the matching tests share: Åsa and Stella, stored people to be like, the register
the `register_of` fixture builds, and the top hit of a match."""

from crm_common.contracts import load
from crm_common.contracts.customer.customers import CustomerCreate
from services.customer import blocking, matching, profiles, register
from services.customer.models import Base
from services.customer.verdicts import Thresholds

ASA = {
    "kind": "person",
    "given_name": "Åsa",
    "family_name": "Lindqvist",
    "birthday": "1981-12-28",
    "phones": [{"number": "070-123 45 67"}],
    "emails": [{"address": "asa.lindqvist@example.se"}],
    "addresses": [{"street": "Storgatan 12 B", "postal_code": "411 38", "city": "Göteborg"}],
}


def make_register_of(uow_factory):
    """The `register_of` fixture of conftest.py: register_of(*customers) → match(data)
    over a register holding them."""

    def make(*stored):
        uow = uow_factory(Base)
        ids = []
        with uow.transaction() as session:
            for data in stored:
                c = register.create_customer(session, load(CustomerCreate(), data), "SE")
                blocking.store(session, c.id, profiles.from_customer(c))
                ids.append(c.id)

        def match(data):
            with uow.read() as session:
                profile = profiles.from_request(load(CustomerCreate(), data), "SE")
                return matching.match(session, profile, register.size(session), Thresholds())

        match.ids = ids
        return match

    return make


def person(**changes):
    data = {k: v for k, v in ASA.items() if k not in changes or changes[k] is not None}
    data.update({k: v for k, v in changes.items() if v is not None})
    return data


def top(hits):
    return (hits[0]["customer"]["id"], hits[0]["verdict"]) if hits else (None, "none")


AU = {
    "kind": "person",
    "country": "AU",
    "given_name": "Stella",
    "family_name": "Chandler",
    "addresses": [
        {"street": "50 Ebden Street", "postal_code": "6304", "city": "Coffs Harbour", "country": "AU"}
    ],
}
