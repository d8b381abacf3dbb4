"""The desk's live line without a broker: who a ringing call pops for, the bytes of the
event stream, and a page that stops reading is cut off instead of filling memory."""

import json

from gateway.screen_pops import BACKLOG, Hub, frame


def events(chunks):
    """The (kind, data) pairs in a list of stream chunks; comments left out."""
    found = []
    for chunk in chunks:
        text = chunk.decode()
        if text.startswith(":"):
            continue
        kind, data = text.strip().split("\n")
        found.append((kind.removeprefix("event: "), json.loads(data.removeprefix("data: "))))
    return found


def test_a_ringing_call_pops_for_the_agents_extension_or_name_only():
    hub = Hub()
    ann = hub.subscribe("ann", "201")
    bob = hub.subscribe("bob", None)
    cid = hub.subscribe("cid", "203")
    assert hub.ringing_for({"extension": "201"}) == [ann]
    assert hub.ringing_for({"extension": "299", "agent": "bob"}) == [bob]
    assert hub.ringing_for({"extension": None, "agent": None}) == []
    assert hub.ringing_for({"extension": "", "agent": ""}) == []  # empty matches nobody
    hub.unsubscribe(cid)
    assert hub.ringing_for({"extension": "203"}) == []


def test_the_stream_says_hello_then_carries_the_events_and_keeps_the_line_open():
    hub = Hub()
    ann = hub.subscribe("ann", "201")
    stream = hub.stream(ann, heartbeat=0.01)
    assert events([next(stream)]) == [("hello", {"username": "ann", "extension": "201"})]
    hub.send(hub.ringing_for({"extension": "201"}), "pop", {"call": {"id": 7}, "view": None})
    hub.broadcast("call", {"id": 7, "state": "ringing"})
    assert events([next(stream), next(stream)]) == [
        ("pop", {"call": {"id": 7}, "view": None}),
        ("call", {"id": 7, "state": "ringing"}),
    ]
    assert next(stream) == b": still here\n\n"  # nothing to say: a comment line
    stream.close()  # the page went away
    assert hub.subscribers == {}


def test_a_page_that_stops_reading_is_cut_off_and_the_others_still_get_everything():
    hub = Hub()
    slow, quick = hub.subscribe("slow", "1"), hub.subscribe("quick", "2")
    slow_stream, quick_stream = hub.stream(slow, heartbeat=0.01), hub.stream(quick, heartbeat=0.01)
    next(slow_stream), next(quick_stream)
    for i in range(BACKLOG + 1):
        hub.broadcast("call", {"id": i})
        assert events([next(quick_stream)]) == [("call", {"id": i})]
    assert slow.cut_off and list(hub.subscribers.values()) == [quick]
    assert list(slow_stream) == []  # its stream ends: the page reconnects and reloads


def test_a_frame_is_one_server_sent_event_in_utf8():
    assert frame("pop", {"name": "Åsa"}) == 'event: pop\ndata: {"name": "Åsa"}\n\n'.encode()
