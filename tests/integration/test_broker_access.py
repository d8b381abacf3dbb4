"""The broker is no back door (deploy/rabbitmq/definitions.json): on a throwaway vhost of
the real broker, the deploy's own definitions (its users renamed for the test, its vhost
replaced) let the services work — an RPC from one service to another, an event from one
to another, calls from the gateway — while the telephony service's login can neither
consume the customer service's requests, overhear them, call the order service, declare
another service's queue, nor publish as the order service."""

import json
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from amqp.exceptions import AccessRefused
from kombu import Connection, Exchange, Producer, Queue
from nameko.standalone.rpc import ClusterRpcProxy

from crm_common import broker_access
from services.customer.service import CustomerService
from services.telephony.service import TelephonyService
from tests.integration.test_events_never_lost import wait_until

ROOT = Path(__file__).resolve().parents[2]
DEFINITIONS = ROOT / "deploy" / "rabbitmq" / "definitions.json"


@pytest.fixture
def narrow(rabbit_config, request):
    """uri(service) → an AMQP URI on the test's vhost with that service's own login, made
    from the deploy's definitions; the users are removed afterwards."""
    management = request.config.getoption("RABBIT_API_URI")
    vhost = rabbit_config["vhost"]
    tag = uuid.uuid4().hex[:8]
    defs = broker_access.with_vhost(json.loads(DEFINITIONS.read_text()), vhost)
    renamed = {u["name"]: u["name"].replace("crm-", f"crm-test{tag}-", 1) for u in defs["users"]}
    for user in defs["users"]:
        user["name"] = renamed[user["name"]]
    for entry in defs["permissions"] + defs["topic_permissions"]:
        entry["user"] = renamed[entry["user"]]
    passwords = {name: uuid.uuid4().hex for name in renamed.values()}
    api = management.rstrip("/") + "/api"
    r = requests.post(f"{api}/definitions", json=broker_access.render(defs, passwords), timeout=30)
    r.raise_for_status()

    def uri(service):
        user = renamed[broker_access.user_name(service)]
        return f"pyamqp://{user}:{passwords[user]}@127.0.0.1:5672/{quote(vhost, safe='')}"

    yield uri
    for user in renamed.values():
        requests.delete(f"{api}/users/{quote(user, safe='')}", timeout=10)


def refused(uri, action) -> bool:
    """Whether the broker refuses `action(channel)` (403 ACCESS_REFUSED) for this login."""
    with Connection(uri, transport_options={"confirm_publish": True}) as conn:
        channel = conn.channel()
        try:
            action(channel)
            channel.basic_qos(0, 1, False)  # a round trip: a refusal has arrived by now
        except AccessRefused:
            return True
        return False


def publish(exchange, routing_key):
    def act(channel):
        Producer(channel).publish({"x": 1}, exchange=exchange, routing_key=routing_key, serializer="json")

    return act


def test_services_work_with_their_own_logins_and_nothing_more(narrow, config, container_factory):
    customer_config = {**config, "AMQP_URI": narrow("customer")}
    telephony_config = {**config, "AMQP_URI": narrow("telephony")}
    container_factory(CustomerService, customer_config).start()
    container_factory(TelephonyService, telephony_config).start()

    with ClusterRpcProxy({**config, "AMQP_URI": narrow("gateway")}, timeout=20) as rpc:
        # telephony asks customer over RPC (find_by_phone), both with their own logins
        call = {"event": "ringing", "call_id": f"c-{uuid.uuid4().hex[:6]}", "from": "070-555 12 99"}
        assert rpc.telephony.handle_call_event(call)["customer_id"] is None
        # customer_created goes from the customer service to telephony as an event
        body = {"kind": "person", "given_name": "Ada", "family_name": "Broker", "country": "SE"}
        created = rpc.customer.create_customer({**body, "phones": [{"number": "070-555 12 99"}]})
        assert wait_until(lambda: rpc.telephony.list_calls(created["id"]), timeout=15)
    # each service's own health check (a standalone proxy with its own login)
    with ClusterRpcProxy({"AMQP_URI": narrow("telephony")}, timeout=10) as rpc:
        assert rpc.telephony.ping() == "telephony"

    telephony = narrow("telephony")
    rpc_exchange = Exchange("nameko-rpc", type="topic", durable=True)
    # it cannot consume the customer service's requests …
    assert refused(telephony, lambda ch: ch.basic_consume("rpc-customer", callback=print))
    # … nor declare that queue (or another service's reply queue) …
    assert refused(telephony, lambda ch: Queue("rpc-customer", durable=True)(ch).declare())
    assert refused(telephony, lambda ch: Queue(f"rpc.reply-order-{uuid.uuid4()}")(ch).declare())
    # … nor bind a queue of its own to overhear them
    overhear = Queue(f"rpc.reply-telephony-{uuid.uuid4()}", rpc_exchange, routing_key="customer.*")
    assert refused(telephony, lambda ch: overhear(ch).declare())
    # it cannot call a service it has no business with, nor publish as another service
    with Connection(config["AMQP_URI"]) as admin:  # guest on the test's vhost
        Exchange("order.events", type="topic", durable=True)(admin.channel()).declare()
    assert refused(telephony, publish(rpc_exchange, "order.get_order"))
    assert refused(telephony, publish("order.events", "order_placed"))
    assert refused(telephony, publish("customer.events", "customer_created"))
    # … and on what it may do, the broker says yes: the same checks are not refusing everything
    assert not refused(telephony, publish(rpc_exchange, "customer.find_by_phone"))
    assert not refused(telephony, publish("telephony.events", "call_ended"))
    assert not refused(narrow("order"), publish("order.events", "order_placed"))
