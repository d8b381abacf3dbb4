"""The desk's live line (T1, T2): every open agent page holds one server-sent-event stream.
A call ringing on an agent's extension (or named for the agent) pops the caller's 360°
view down that agent's stream before the call is answered; every call event also goes to
every stream, for the active-calls board.

One hub per gateway process. Each gateway process hears every call event on a broadcast
queue of its own, so an agent connected to any instance gets their pop."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from eventlet.queue import Empty, Full, LightQueue
from nameko.extensions import DependencyProvider

HEARTBEAT_SECONDS = 15.0  # a comment line that keeps proxies open and finds dead peers
BACKLOG = 200  # events a slow page may fall behind before it is cut off (it reconnects)
RECHECK_SECONDS = 5.0  # how often a stream asks whether its login still stands
LOGGED_OUT = "logged_out"  # the last event of a stream whose login ended: log in again


@dataclass(eq=False)
class Subscriber:
    username: str
    extension: str | None
    queue: LightQueue = field(default_factory=lambda: LightQueue(BACKLOG))
    number: int = 0
    cut_off: bool = False

    def wants(self, call: dict) -> bool:
        """Is this call ringing for this agent: their extension, or their name."""
        if self.extension and call.get("extension") == self.extension:
            return True
        return bool(call.get("agent")) and call.get("agent") == self.username


class Hub:
    def __init__(self) -> None:
        self.subscribers: dict[int, Subscriber] = {}
        self._numbers = itertools.count(1)

    def subscribe(self, username: str, extension: str | None) -> Subscriber:
        subscriber = Subscriber(username, extension or None, number=next(self._numbers))
        self.subscribers[subscriber.number] = subscriber
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self.subscribers.pop(subscriber.number, None)

    def ringing_for(self, call: dict) -> list[Subscriber]:
        return [s for s in self.subscribers.values() if s.wants(call)]

    def send(self, subscribers, kind: str, data: dict) -> None:
        """Queue one event for each subscriber; one too far behind is dropped (its page
        reconnects and reloads what it shows)."""
        message = frame(kind, data)
        for subscriber in list(subscribers):
            try:
                subscriber.queue.put_nowait(message)
            except Full:  # a page that stopped reading
                subscriber.cut_off = True
                self.unsubscribe(subscriber)

    def broadcast(self, kind: str, data: dict) -> None:
        self.send(self.subscribers.values(), kind, data)

    def stream(
        self,
        subscriber: Subscriber,
        heartbeat: float = HEARTBEAT_SECONDS,
        still_valid: Callable[[], bool] | None = None,
        recheck: float = RECHECK_SECONDS,
    ) -> Iterator[bytes]:
        """The bytes of an event stream until the page goes away (the server then closes
        this generator) or falls too far behind. Every `recheck` seconds `still_valid()`
        says whether the login behind it stands: when it was logged out, disabled or ran
        out, the stream ends with a `logged_out` event."""
        try:
            yield frame("hello", {"username": subscriber.username, "extension": subscriber.extension})
            wait = heartbeat if still_valid is None else min(heartbeat, recheck)
            beat_due = checked_at = time.monotonic()
            beat_due += heartbeat
            while not subscriber.cut_off:
                try:
                    yield subscriber.queue.get(timeout=wait)
                except Empty:
                    if time.monotonic() >= beat_due - 0.001:
                        yield b": still here\n\n"
                        beat_due = time.monotonic() + heartbeat
                if still_valid is not None and time.monotonic() - checked_at >= recheck - 0.001:
                    checked_at = time.monotonic()
                    if not still_valid():
                        yield frame(LOGGED_OUT, {"message": "your login has ended; log in again"})
                        return
        finally:
            self.unsubscribe(subscriber)


def frame(kind: str, data: dict) -> bytes:
    """One server-sent event."""
    return f"event: {kind}\ndata: {json.dumps(data, default=str, ensure_ascii=False)}\n\n".encode()


class ScreenPopHub(DependencyProvider):
    """The process's hub, shared by the stream requests and the call-event handlers."""

    def setup(self):
        self.hub = Hub()

    def get_dependency(self, worker_ctx):
        return self.hub
