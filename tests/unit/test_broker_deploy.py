"""The deploy's broker: not published, no guest, one login per service and the gateway,
and the definitions file (deploy/rabbitmq/definitions.json) allows everything the code
does on the bus and nothing of the other services'. What the broker makes of the file is
tested against the real one in tests/integration/test_broker_access.py."""

import json
import re
from pathlib import Path

import pytest
import yaml

from crm_common import broker_access

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
DEFINITIONS = json.loads((DEPLOY / "rabbitmq" / "definitions.json").read_text())
COMPOSE = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
SERVICES = {"customer", "order", "case", "messaging", "telephony"}


def test_the_broker_is_not_published_and_guest_is_nowhere():
    broker = COMPOSE["services"]["rabbitmq"]
    assert broker["ports"] == ["127.0.0.1:15672:15672"]  # the management UI, from the host only
    for name, service in COMPOSE["services"].items():
        for port in service.get("ports", []):
            assert not re.search(r"(^|:)(5672|15672|25672|4369)$", port) or port.startswith("127.0.0.1:"), (
                name
            )
    for path in [*DEPLOY.rglob("*.yml"), *DEPLOY.rglob("*.json"), *DEPLOY.rglob("*.conf")]:
        text = path.read_text()
        assert "guest:guest" not in text and '"guest"' not in text, path
    assert "loopback_users.guest = true" in (DEPLOY / "rabbitmq" / "rabbitmq.conf").read_text()


def test_each_service_and_the_gateway_log_in_as_themselves():
    users = {u["name"] for u in DEFINITIONS["users"]}
    for name in [*SERVICES, "gateway", "seed"]:
        uri = COMPOSE["services"][name]["environment"]["AMQP_URI"]
        user = re.match(r"pyamqp://([^:]+):", uri).group(1)
        assert user == f"crm-{'gateway' if name == 'seed' else name}" and user in users
        assert uri.endswith("@rabbitmq:5672/crm")
    assert "AMQP_URI" not in COMPOSE["services"]["migrate"]["environment"]
    passwords = COMPOSE["services"]["broker-definitions"]["environment"]
    assert {f"crm-{k.removeprefix('CRM_AMQP_PASSWORD_').lower()}" for k in passwords} == users


@pytest.mark.parametrize("wiring", broker_access.load_wirings(), ids=lambda w: w.name)
def test_a_service_may_do_what_its_code_does_and_not_what_the_others_do(wiring):
    w = wiring
    user = broker_access.user_name(w.name)
    p = next(p for p in DEFINITIONS["permissions"] if p["user"] == user)
    topics = {t["exchange"]: t for t in DEFINITIONS["topic_permissions"] if t["user"] == user}
    rpc = topics["nameko-rpc"]
    for target in w.calls:
        assert re.match(rpc["write"], f"{target}.some_method")
    for h in w.handlers:
        queue = f"evt-{h.source}-{h.event_type}--{w.name}.{h.method}" + ("-0a1b2c" if h.broadcast else "")
        assert all(re.match(p[kind], queue) for kind in ("configure", "write", "read")), queue
        assert re.match(p["read"], f"{h.source}.events") and re.match(p["configure"], f"{h.source}.events")
        assert re.match(topics[f"{h.source}.events"]["read"], h.event_type)
    if w.serves_rpc:
        assert re.match(p["read"], f"rpc-{w.name}") and re.match(rpc["read"], f"{w.name}.*")
    for other in SERVICES - {w.name}:
        assert not re.match(p["read"], f"rpc-{other}") and not re.match(p["configure"], f"rpc-{other}")
        assert not re.match(p["write"], f"{other}.events")
        assert not re.match(rpc["read"], f"{other}.*")
        assert not re.match(p["configure"], f"rpc.reply-{other}-0a-1b-2c-3d-4e")
        if other not in w.calls:
            assert not re.match(rpc["write"], f"{other}.some_method")
    assert not re.match(p["write"], "amq.default") and not re.match(p["write"], "")  # no queue by name


def test_rendering_adds_a_hash_for_every_user_and_refuses_a_missing_password(tmp_path):
    names = [u["name"] for u in DEFINITIONS["users"]]
    rendered = broker_access.render(DEFINITIONS, {n: f"pw-{n}" for n in names})
    for user in rendered["users"]:
        assert user["hashing_algorithm"] == "rabbit_password_hashing_sha256"
        assert "pw-" not in json.dumps(user)
    with pytest.raises(KeyError, match="crm-admin"):
        broker_access.render(DEFINITIONS, {})
    (tmp_path / "amqp_password_order").write_text("from-a-secret\n")
    found = broker_access.passwords_from_environment(
        ["crm-customer", "crm-order", "crm-case"], {"CRM_AMQP_PASSWORD_CUSTOMER": "from-env"}, tmp_path
    )
    assert found == {"crm-customer": "from-env", "crm-order": "from-a-secret"}


def test_the_password_hash_is_rabbitmqs_salted_sha256():
    # RabbitMQ's documented example: salt 908DC60A, password "test12"
    assert broker_access.password_hash("test12", bytes.fromhex("908DC60A")) == (
        "kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR"
    )
