"""Who may do what on the broker: one RabbitMQ user per service and the gateway, each with
permissions as narrow as nameko allows (deploy/rabbitmq/definitions.json).

Why: with one shared login (guest) anything holding it could consume any service's RPC
queue (and answer in its place), publish events as any service, or call any RPC. nameko
names every resource it uses, so each user's regexes can list exactly its own:

- configure (declare): `nameko-rpc`, its own `<service>.events` (the outbox relay declares
  it), the event exchanges it listens to (nameko declares the source exchange with the
  queue), its RPC queue `rpc-<service>`, its reply queues `rpc.reply-<service>-<uuid>`, the
  standalone reply queues of the health check and the command-line tools run in its
  container (`rpc.reply-standalone_rpc_proxy-<uuid>`), and each of its event queues
  `evt-<source>-<event>--<service>.<handler>` (a broadcast handler's ends `-<hex id>`).
- write (publish, and bind a queue): `nameko-rpc`, its own events exchange, its own queues.
- read (consume, and bind from an exchange): its own queues, `nameko-rpc`, the event
  exchanges it listens to.
- topic permissions narrow the routing keys: on `nameko-rpc` a user publishes only
  `<service>.<method>` of the services it calls and of itself (its health check, the
  command-line tools run in its container) and replies (`<uuid>`), and binds only
  `<itself>.*` and replies; on an event exchange it binds only the event types it
  handles. So the telephony service can neither consume the customer service's requests
  nor bind a queue to overhear them, nor publish as the order service, nor call the order
  service at all.

What is still trusted: `nameko-rpc` carries every request, so a user that may call a
service may call any of that service's methods (the gateway may call all of them), and
configure permission on an exchange lets a user delete it. The broker's logins are as
sensitive as the databases'. An operator's tool that calls several services
(`make rebuild-selections`) runs with the gateway's login or crm-admin's, not with the
login of the container it is started in.

`python -m crm_common.broker_access generate` writes the definitions from the services'
own RpcProxy and event_handler declarations; `render` adds each user's password hash
(from CRM_AMQP_PASSWORD_<USER> or /run/secrets/amqp_password_<user>) for the broker to
load at start (`load_definitions`).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import importlib
import json
import os
import re
import secrets
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SERVICE_CLASSES = {
    "customer": "services.customer.service:CustomerService",
    "order": "services.order.service:OrderService",
    "case": "services.case.service:CaseService",
    "messaging": "services.messaging.service:MessagingService",
    "telephony": "services.telephony.service:TelephonyService",
    "gateway": "gateway.service:GatewayService",
}
VHOST = "crm"
USER_PREFIX = "crm-"
ADMIN = "crm-admin"  # the management UI's login: administrator, every permission on VHOST
RPC_EXCHANGE = "nameko-rpc"
UUID = "[0-9a-f]+-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+"  # no {n}: topic regexes expand {…}
HEX_ID = "[0-9a-f]+"
METHOD = "[A-Za-z_][A-Za-z0-9_]*"
STANDALONE = "standalone_rpc_proxy"  # nameko's ClusterRpcProxy: health checks, CLI tools

# an entry of RabbitMQ's definitions file (a JSON object)
Json = dict[str, Any]


@dataclass(frozen=True)
class Handler:
    source: str
    event_type: str
    method: str
    broadcast: bool = False

    def queue(self, service: str) -> str:
        """The queue's name as nameko makes it, as a regex."""
        name = _lit(f"evt-{self.source}-{self.event_type}--{service}.{self.method}")
        return f"{name}-{HEX_ID}" if self.broadcast else name


@dataclass
class Wiring:
    """What one service does on the bus, from its class."""

    name: str
    calls: set[str] = field(default_factory=set)  # services it has an RpcProxy to
    handlers: list[Handler] = field(default_factory=list)
    serves_rpc: bool = False
    publishes_events: bool = False


def wiring_of(cls: type[Any]) -> Wiring:
    """Read a nameko service class: its RpcProxy targets, event handlers, whether it has
    RPC entrypoints and publishes events (an OutboxRelay or an EventDispatcher)."""
    from nameko.events import BROADCAST, EventDispatcher, EventHandler
    from nameko.rpc import Rpc, RpcProxy

    from crm_common.outbox import OutboxRelay

    found = Wiring(cls.name)
    for attr in dir(cls):
        value = getattr(cls, attr, None)
        if isinstance(value, RpcProxy):
            found.calls.add(value.target_service)
        elif isinstance(value, OutboxRelay | EventDispatcher):
            found.publishes_events = True
        for entrypoint in getattr(value, "nameko_entrypoints", ()) or ():
            if isinstance(entrypoint, EventHandler):
                found.handlers.append(
                    Handler(
                        entrypoint.source_service,
                        entrypoint.event_type,
                        attr,
                        entrypoint.handler_type == BROADCAST,
                    )
                )
            elif isinstance(entrypoint, Rpc):
                found.serves_rpc = True
    found.handlers.sort(key=lambda h: (h.source, h.event_type, h.method))
    return found


def _lit(name: str) -> str:
    """A name as a regex: nameko's names hold letters, digits, `_`, `-` and `.`."""
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise ValueError(f"unexpected name on the bus: {name!r}")
    return name.replace(".", "\\.")


def _any_of(patterns: Iterable[str]) -> str:
    return "^(" + "|".join(sorted(set(patterns))) + ")$"


def user_name(service: str) -> str:
    return f"{USER_PREFIX}{service}"


def permissions(w: Wiring, vhost: str = VHOST) -> tuple[Json, list[Json]]:
    """The vhost permission and the topic permissions of the service's user."""
    user = user_name(w.name)
    return _vhost_permission(w, user, vhost), [_rpc_topics(w, user, vhost), *_event_topics(w, user, vhost)]


def _queues(w: Wiring) -> list[str]:
    """The queues the service's user may use: its reply queue as a standalone proxy, its
    RPC queue, its RPC proxies' reply queue, and one per event handler."""
    s = _lit(w.name)
    queues = [f"rpc\\.reply-{STANDALONE}-{UUID}"]
    if w.serves_rpc:
        queues.append(f"rpc-{s}")
    if w.calls:
        queues.append(f"rpc\\.reply-{s}-{UUID}")
    return queues + [h.queue(w.name) for h in w.handlers]


def _vhost_permission(w: Wiring, user: str, vhost: str) -> Json:
    """What the user may configure, write and read: the RPC exchange, its own events'
    exchange if it publishes, those of the services it handles events of, its queues."""
    queues = _queues(w)
    own_exchange = [f"{_lit(w.name)}\\.events"] if w.publishes_events else []
    source_exchanges = [f"{_lit(source)}\\.events" for source in _sources(w)]
    return {
        "user": user,
        "vhost": vhost,
        "configure": _any_of([_lit(RPC_EXCHANGE), *own_exchange, *source_exchanges, *queues]),
        "write": _any_of([_lit(RPC_EXCHANGE), *own_exchange, *queues]),
        "read": _any_of([_lit(RPC_EXCHANGE), *source_exchanges, *queues]),
    }


def _sources(w: Wiring) -> list[str]:
    """The services whose events the service handles."""
    return sorted({h.source for h in w.handlers})


def _rpc_topics(w: Wiring, user: str, vhost: str) -> Json:
    """On the RPC exchange: calls to the services it calls and to itself (its health
    check, the tools run in its container), and its own bindings."""
    s = _lit(w.name)
    targets = sorted(w.calls | ({w.name} if w.serves_rpc else set()))
    callable_ = [f"{_lit(t)}\\.{METHOD}" for t in targets]
    binds = [UUID] + ([f"{s}\\.\\*"] if w.serves_rpc else [])
    return {
        "user": user,
        "vhost": vhost,
        "exchange": RPC_EXCHANGE,
        "write": _any_of([*callable_, UUID]),
        "read": _any_of(binds),
    }


def _event_topics(w: Wiring, user: str, vhost: str) -> list[Json]:
    """On each events exchange it handles: the event types it binds to; it writes only to
    its own, if it publishes."""
    topics = []
    for source in _sources(w):
        events = [_lit(h.event_type) for h in w.handlers if h.source == source]
        own = source == w.name and w.publishes_events
        topics.append(
            {
                "user": user,
                "vhost": vhost,
                "exchange": f"{source}.events",
                "write": ".*" if own else "^$",
                "read": _any_of(events),
            }
        )
    return topics


def definitions(wirings: list[Wiring], vhost: str = VHOST) -> Json:
    """RabbitMQ definitions (users without passwords: `render` adds them)."""
    users: list[Json] = [{"name": ADMIN, "tags": ["administrator"]}]
    perms: list[Json] = [{"user": ADMIN, "vhost": vhost, "configure": ".*", "write": ".*", "read": ".*"}]
    topics: list[Json] = []
    for w in sorted(wirings, key=lambda w: w.name):
        permission, topic = permissions(w, vhost)
        users.append({"name": permission["user"], "tags": []})
        perms.append(permission)
        topics += topic
    return {"vhosts": [{"name": vhost}], "users": users, "permissions": perms, "topic_permissions": topics}


def load_wirings() -> list[Wiring]:
    wirings = []
    for path in SERVICE_CLASSES.values():
        module, name = path.split(":")
        wirings.append(wiring_of(getattr(importlib.import_module(module), name)))
    return wirings


def password_hash(password: str, salt: bytes | None = None) -> str:
    """RabbitMQ's rabbit_password_hashing_sha256: base64(salt + sha256(salt + password))."""
    salt = salt if salt is not None else secrets.token_bytes(4)
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


def with_vhost(defs: Json, vhost: str) -> Json:
    """The same definitions on another vhost (the tests' throwaway one)."""
    moved: Json = json.loads(json.dumps(defs))
    moved["vhosts"] = [{"name": vhost}]
    for entry in moved["permissions"] + moved["topic_permissions"]:
        entry["vhost"] = vhost
    return moved


def render(defs: Json, passwords: dict[str, str]) -> Json:
    """The definitions with every user's password hash. Raises KeyError naming a user
    that has no password."""
    out: Json = json.loads(json.dumps(defs))
    for user in out["users"]:
        if user["name"] not in passwords:
            raise KeyError(f"no password for broker user {user['name']}")
        user["password_hash"] = password_hash(passwords[user["name"]])
        user["hashing_algorithm"] = "rabbit_password_hashing_sha256"
        user["tags"] = ",".join(user["tags"]) if isinstance(user["tags"], list) else user["tags"]
    return out


def passwords_from_environment(
    names: list[str], env: Mapping[str, str] | None = None, secrets_dir: Path = Path("/run/secrets")
) -> dict[str, str]:
    """Each user's password: CRM_AMQP_PASSWORD_<SERVICE> (crm-customer → ..._CUSTOMER), or
    the file amqp_password_<service> among the secrets."""
    env = os.environ if env is None else env
    found: dict[str, str] = {}
    for name in names:
        short = name.removeprefix(USER_PREFIX)
        variable = f"CRM_AMQP_PASSWORD_{short.upper()}"
        secret = secrets_dir / f"amqp_password_{short}"
        if env.get(variable):
            found[name] = env[variable]
        elif secret.is_file():
            found[name] = secret.read_text().strip()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crm_common.broker_access")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="definitions from the services' code, to stdout")
    gen.add_argument("--vhost", default=VHOST)
    ren = sub.add_parser("render", help="add password hashes from the environment or secrets")
    ren.add_argument("source", type=Path)
    ren.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    if args.command == "generate":
        json.dump(definitions(load_wirings(), args.vhost), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    defs = json.loads(args.source.read_text())
    names = [u["name"] for u in defs["users"]]
    try:
        rendered = render(defs, passwords_from_environment(names))
    except KeyError as err:
        print(f"{err.args[0]}: set CRM_AMQP_PASSWORD_<SERVICE> or the secret amqp_password_<service>")
        return 1
    args.target.parent.mkdir(parents=True, exist_ok=True)
    args.target.write_text(json.dumps(rendered, indent=2))
    args.target.chmod(0o644)  # the broker's own user reads it; it holds hashes only
    return 0


if __name__ == "__main__":
    sys.exit(main())
