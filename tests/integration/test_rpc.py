"""Other systems call the services over RPC: typed errors with field reasons, on both
databases, through the real broker."""

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from crm_common.errors import InvalidInput, NotFound
from services.customer.service import CustomerService
from services.order.service import OrderService


@pytest.fixture
def rpc(config, container_factory, db_url, migrated):
    """customer and order services, their databases on the parametrised backend."""
    config = {
        **config,
        "DATABASE_URLS": {**config["DATABASE_URLS"], "customer": migrated("customer", db_url)},
    }
    for service in (CustomerService, OrderService):
        container_factory(service, config).start()
    with ClusterRpcProxy(config, timeout=10) as proxy:
        yield proxy


def test_a_caller_is_found_whatever_format_the_number_has(rpc):
    person = rpc.customer.create_customer(
        {
            "kind": "person",
            "given_name": "Åsa",
            "family_name": "Lindqvist",
            "phones": [{"number": "+46 8 123 45 67"}],
        }
    )
    org = rpc.customer.create_customer({"kind": "organisation", "name": "Acme AB"})
    rpc.customer.link_person(org["id"], {"person_id": person["id"], "job_title": "Buyer"})
    for written in ("08-123 45 67", "0046812345 67", "08/1234567"):
        (match,) = rpc.customer.find_by_phone(written)
        assert match["customer"]["id"] == person["id"]
        assert match["organisations"] == [{"id": org["id"], "name": "Acme AB"}]
    assert rpc.customer.find_by_phone("22 33 44 55", "NO") == []


def test_errors_arrive_typed_with_their_fields(rpc):
    with pytest.raises(InvalidInput) as err:
        rpc.customer.create_customer(
            {"kind": "person", "given_name": "A", "family_name": "B", "national_id": "811228-9873"}
        )
    assert "national_id" in err.value.fields
    with pytest.raises(NotFound):
        rpc.customer.get_customer(424242)
    with pytest.raises(InvalidInput) as err:
        rpc.order.place_order({"customer_id": 424242, "lines": [{"sku": "X", "quantity": 1}]})
    assert err.value.fields == {"customer_id": "not found"}


def test_an_address_change_is_kept_in_history(rpc):
    c = rpc.customer.create_customer(
        {
            "kind": "person",
            "name": "Bo Ek",
            "addresses": [{"street": "Gamla vägen 1", "postal_code": "111 22", "city": "Stockholm"}],
        }
    )
    c = rpc.customer.update_customer(
        c["id"], {"addresses": [{"street": "Nya vägen 2", "postal_code": "111 33", "city": "Stockholm"}]}
    )
    assert [a["street"] for a in c["addresses"]] == ["Nya vägen 2"]
    (old,) = c["address_history"]
    assert old["street"] == "Gamla vägen 1" and old["valid_to"] == c["addresses"][0]["valid_from"]
