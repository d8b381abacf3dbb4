"""nameko's @rpc, told that CrmError is an answer, not a failure (the service logs it as a
warning without a traceback, and the caller gets the typed error back), and replying
without publisher confirms.

Why no confirm on the reply: nameko waits for the broker's confirm of every reply, a
round trip per call that buys nothing here — the reply goes to the caller's exclusive,
non-durable queue, and a reply the broker loses ends as the caller's timeout either way.
Requests keep their confirms (they tell a caller the service is unknown). Every entrypoint
of a service must use this one `rpc`: they share one consumer of the service's queue.

How: nameko 2.14.1 has no public way to choose the reply's publisher. `Responder` has a
`publisher_cls`, but `RpcConsumer.handle_result` builds nameko's own `Responder` by name,
so `_RpcConsumer.handle_result` is a copy of that method with ours put in. The copy is
pinned rather than replaced: `NAMEKO_SOURCES` holds a hash of the source of each nameko
method it copies or relies on, and tests/unit/test_entrypoints.py fails when the installed
nameko's differs — then read the new method, carry its change into the copy, and record
the new hash.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from nameko.amqp.publish import Publisher
from nameko.constants import (
    AMQP_SSL_CONFIG_KEY,
    AMQP_URI_CONFIG_KEY,
    DEFAULT_SERIALIZER,
    DEFAULT_TRANSPORT_OPTIONS,
    LOGIN_METHOD_CONFIG_KEY,
    SERIALIZER_CONFIG_KEY,
)
from nameko.rpc import Responder, Rpc, RpcConsumer, get_rpc_exchange

from crm_common.errors import CrmError

# sha256 of `inspect.getsource` of the nameko 2.14.1 methods (in nameko.rpc) this module
# copies (`handle_result`) or relies on (`send_response` builds `publisher_cls` with the
# URI, SSL and login method only, which is how `_ReplyPublisher` comes to be used at all).
NAMEKO_SOURCES = {
    "RpcConsumer.handle_result": "25b95fd9dfce82c27e1bf7f7a07ff48d531c58fac85578f64b7ee8fdd098eda5",
    "Responder.send_response": "d5c3234c5e408a0162fa9c6f58aa10e69be945b4314542592ad4e89e853aa9a9",
}


F = TypeVar("F", bound=Callable[..., Any])


class _ReplyPublisher(Publisher):  # type: ignore[misc]  # nameko is untyped
    use_confirms = False
    # its own dict: nameko's Publisher writes confirm_publish into this one on each publish
    transport_options = {**DEFAULT_TRANSPORT_OPTIONS, "confirm_publish": False}


class _Responder(Responder):  # type: ignore[misc]  # nameko is untyped
    publisher_cls = _ReplyPublisher


class _RpcConsumer(RpcConsumer):  # type: ignore[misc]  # nameko is untyped
    def handle_result(self, message: Any, result: Any, exc_info: Any) -> tuple[Any, Any]:
        """nameko's RpcConsumer.handle_result, with the unconfirmed reply (a copy: keep it
        in step with nameko's, see NAMEKO_SOURCES)."""
        config = self.container.config
        responder = _Responder(
            config[AMQP_URI_CONFIG_KEY],
            get_rpc_exchange(config),
            config.get(SERIALIZER_CONFIG_KEY, DEFAULT_SERIALIZER),
            message,
            ssl=config.get(AMQP_SSL_CONFIG_KEY),
            login_method=config.get(LOGIN_METHOD_CONFIG_KEY),
        )
        result, exc_info = responder.send_response(result, exc_info)
        self.queue_consumer.ack_message(message)
        return result, exc_info


class _Rpc(Rpc):  # type: ignore[misc]  # nameko is untyped
    rpc_consumer = _RpcConsumer()


def rpc(fn: F) -> F:
    """Register `fn` as an RPC entrypoint; nameko's decorator gives back the function
    itself, so its signature stays what mypy checks callers and the body against."""
    registered: F = _Rpc.decorator(expected_exceptions=(CrmError,))(fn)
    return registered
