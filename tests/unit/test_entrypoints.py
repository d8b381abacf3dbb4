"""crm_common.entrypoints copies a nameko method: the test that says when to look again."""

import hashlib
import inspect

import nameko.rpc
import pytest

from crm_common.entrypoints import NAMEKO_SOURCES, _ReplyPublisher, _Responder, _Rpc, _RpcConsumer


def _source_hash(name: str) -> str:
    owner, method = name.split(".")
    original = getattr(getattr(nameko.rpc, owner), method)
    return hashlib.sha256(inspect.getsource(original).encode()).hexdigest()


@pytest.mark.parametrize("name", sorted(NAMEKO_SOURCES))
def test_the_nameko_methods_our_reply_copies_are_unchanged(name):
    assert _source_hash(name) == NAMEKO_SOURCES[name], (
        f"the installed nameko's nameko.rpc.{name} is not the one crm_common/entrypoints.py was "
        "written against. Read it (nameko/rpc.py): carry any change into "
        "_RpcConsumer.handle_result (the reply must still go through _Responder, without a "
        "publisher confirm), check that Responder still builds its publisher_cls, then put "
        "the new hash in NAMEKO_SOURCES."
    )


def test_the_reply_goes_without_a_confirm():
    assert _Rpc.rpc_consumer.__class__ is _RpcConsumer
    assert _Responder.publisher_cls is _ReplyPublisher
    assert _ReplyPublisher.use_confirms is False
    assert _ReplyPublisher.transport_options["confirm_publish"] is False
