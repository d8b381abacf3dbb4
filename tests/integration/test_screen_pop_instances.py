"""Screen pops across gateway instances, over the real broker: each gateway process hears
every call event on its own broadcast queue, so an agent's pop reaches them on whichever
gateway their page is connected to, and every page's board hears every call."""

import json
import uuid
from functools import partial

import eventlet
import pytest
import requests
from nameko.standalone.events import event_dispatcher
from sqlalchemy.orm import Session

from crm_common.clock import utcnow
from crm_common.config import load_settings
from crm_common.storage import create_db_engine
from gateway import sessions, users
from gateway.auth import Principal
from gateway.service import GatewayService
from tests.stack import free_port


class Stream:
    """The events of one desk's stream, read in the background."""

    def __init__(self, port: int, token: str):
        self.response = requests.get(
            f"http://127.0.0.1:{port}/api/desk/events",
            headers={"Authorization": f"Bearer {token}"},
            stream=True,
            timeout=10,
        )
        assert self.response.status_code == 200
        assert self.response.headers["Content-Type"].startswith("text/event-stream")
        self.events = []
        self.reader = eventlet.spawn(self._read)

    def _read(self):
        kind = None
        for line in self.response.iter_lines(decode_unicode=True):
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                self.events.append((kind, json.loads(line[6:])))

    def kinds_of(self, call_id):
        return sorted(k for k, data in self.events if (data.get("call") or data).get("call_id") == call_id)

    def close(self):
        self.reader.kill()
        self.response.close()


def delivered(popped: Stream, other: Stream, call_id: str) -> bool:
    """The agent's page got the call and its pop; the other page the call only."""
    return popped.kinds_of(call_id) == ["call", "pop"] and other.kinds_of(call_id) == ["call"]


def wait_until(predicate, timeout=10.0):
    with eventlet.Timeout(timeout, False):
        while not predicate():
            eventlet.sleep(0.02)
    return predicate()


@pytest.fixture
def gateways(config, container_factory):
    engine = create_db_engine(config["DATABASE_URLS"]["gateway"])
    tokens = {}
    with Session(engine) as session:
        for name, extension in (("ann", "301"), ("bob", "302")):
            user = users.create_user(session, name, f"{name}-password-1", "agent", extension=extension)
            login = sessions.open_session(
                session, Principal(name, "agent"), user.id, load_settings().secret_key, 600, utcnow()
            )
            tokens[name] = login["access_token"]
        session.commit()
    engine.dispose()
    ports = [free_port(), free_port()]
    for port in ports:
        container_factory(GatewayService, {**config, "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}"}).start()
    return ports, tokens


def test_a_pop_reaches_the_agent_on_either_gateway_and_every_board_hears_the_call(config, gateways):
    (first, second), tokens = gateways
    ann, bob = Stream(first, tokens["ann"]), Stream(second, tokens["bob"])
    assert wait_until(lambda: ann.events and bob.events)  # both said hello
    dispatch = event_dispatcher(config)
    try:
        for extension, agent in (("301", None), ("399", "bob")):
            call_id = uuid.uuid4().hex
            call = {
                "id": 1,
                "call_id": call_id,
                "state": "ringing",
                "extension": extension,
                "agent": agent,
                "customer_id": None,
                "remote_raw": "070-1234567",
            }
            dispatch("telephony", "call_ringing", {"event_id": call_id, "data": call})
            popped, other = (ann, bob) if extension == "301" else (bob, ann)
            assert wait_until(partial(delivered, popped, other, call_id))
            eventlet.sleep(0.2)  # and nothing more arrives: one pop, on one page
            assert delivered(popped, other, call_id)
            pop = next(d for k, d in popped.events if k == "pop" and d["call"]["call_id"] == call_id)
            assert pop["view"] is None  # an unknown caller: the page opens the new-customer form
    finally:
        ann.close()
        bob.close()
