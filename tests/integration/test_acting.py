"""Who a call acts for travels with it: the gateway marks its worker once
(crm_common.acting.ActingFor) and every RPC it makes then, one at a time or several at
once through gateway.remote.gather, reaches the service as that person (Actor). The audit
trail's actor rests on this."""

import pytest
from nameko.rpc import RpcProxy, rpc
from nameko.standalone.rpc import ClusterRpcProxy

from crm_common.acting import ActingFor, Actor
from gateway.remote import call, gather


class Teller:
    name = "teller"
    actor = Actor()

    @rpc
    def who(self):
        return [self.actor.username, self.actor.role]


class Front:
    """Stands in for the gateway: marks its worker, then calls."""

    name = "front"
    teller = RpcProxy("teller")
    acting_for = ActingFor()

    @rpc
    def ask(self, username, role):
        if username:
            self.acting_for(username, role)
        return {
            "one": call(self.teller, "who"),
            **gather({"a": (self.teller, "who", ()), "b": (self.teller, "who", ())}, timeout=5),
        }


@pytest.fixture
def front(rabbit_config, container_factory):
    for service in (Teller, Front):
        container_factory(service, rabbit_config).start()
    with ClusterRpcProxy(rabbit_config, timeout=10) as proxy:
        yield proxy


def test_every_call_of_a_marked_worker_acts_for_its_person_and_no_other_call_does(front):
    assert front.front.ask("agent", "agent") == {
        "one": ["agent", "agent"],
        "a": ["agent", "agent"],
        "b": ["agent", "agent"],
    }
    # the next request, by nobody, is nobody's: nothing stays behind from the last worker
    assert front.front.ask(None, None) == {"one": [None, None], "a": [None, None], "b": [None, None]}
    assert front.teller.who() == [None, None]
