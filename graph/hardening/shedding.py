"""Load shedding: at most `max_in_flight` GraphQL requests run at once in this process; past
that a request waits for a slot at most `max_wait` seconds. When its expected wait (its place
in the queue times the recent time per request, over the slots) is longer, it is answered at
once: 503 `OVERLOADED` with Retry-After, instead of queueing into a 504 (issue 15).

The expected wait follows Little's law: a slot frees every `latency / max_in_flight` seconds,
`latency` being a moving average of the requests' own time, or the age of the oldest request
still running when that is longer (a request stuck on a hung database makes the average stale;
its age does not). The decision is taken when the request arrives, before its body is read and
without awaiting anything, so a shed answer costs one pass of the event loop: under load the
shed answers come back in milliseconds, and the ones that queue are the ones that will be
served. A waiter let in on a guess that was a little wrong is still served (one that had waited
and then got a 503 would have waited for nothing); only one that waits past
`STUCK x max_wait` (the running requests hang) is answered 503 then.

Sizing: GraphQL execution is CPU-bound on one event loop, so running more requests at once in
one process adds no throughput, it only multiplies each one's time and the time the loop is
busy before it can answer a shed request. The accepted requests' time is bounded by
`STUCK x max_wait + max_in_flight x service time`; README's Operations section explains
the defaults.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

from starlette.types import ASGIApp, Receive, Scope, Send

from .identity import identity_of
from .refusals import error_response

OVERLOADED = "OVERLOADED"
RETRY_AFTER = "1"
SMOOTHING = 0.1  # weight of the newest request in the moving average
STUCK = 2  # a waiter is shed late only past this many times the queue wait


class Shedder:
    def __init__(self, app: ASGIApp, max_in_flight: int, max_wait: float) -> None:
        self.app = app
        self.max_in_flight = max_in_flight
        self.max_wait = max_wait
        self.in_flight = 0
        self.running: dict[int, float] = {}  # id of a running request -> when it started
        self.waiting: deque[asyncio.Future[None]] = deque()
        self.latency = 0.05  # seconds per request, until measured
        self.shed = 0  # answered OVERLOADED since start (metrics read it)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.max_in_flight <= 0:
            await self.app(scope, receive, send)
            return
        if not await self._admit():
            self.shed += 1
            message = "The service is at capacity; try again shortly."
            headers = {"Retry-After": RETRY_AFTER}
            await error_response(identity_of(scope), 503, message, OVERLOADED, headers)(
                scope, receive, send
            )
            return
        started = time.monotonic()
        key = id(scope)
        self.running[key] = started
        try:
            await self.app(scope, receive, send)
        finally:
            del self.running[key]
            took = time.monotonic() - started
            self.latency += SMOOTHING * (took - self.latency)
            self._release()

    def expected_wait(self) -> float:
        """Seconds the next request would wait for a slot (its place times a slot's turn)."""
        per_request = self.latency
        if self.running:
            per_request = max(per_request, time.monotonic() - min(self.running.values()))
        return (len(self.waiting) + 1) * per_request / self.max_in_flight

    async def _admit(self) -> bool:
        if self.in_flight < self.max_in_flight and not self.waiting:
            self.in_flight += 1
            return True
        if self.expected_wait() > self.max_wait:
            return False
        slot: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.append(slot)
        try:
            await asyncio.wait_for(asyncio.shield(slot), STUCK * self.max_wait)
        except TimeoutError:
            if slot.done():  # handed a slot just as the wait ran out: take it
                return True
            self.waiting.remove(slot)
            slot.cancel()
            return False
        except asyncio.CancelledError:
            if slot.done() and not slot.cancelled():
                self._release()  # the slot handed to a request that went away
            elif slot in self.waiting:
                self.waiting.remove(slot)
            raise
        return True

    def _release(self) -> None:
        """Hand the slot to the first waiter still waiting, or free it."""
        while self.waiting:
            slot = self.waiting.popleft()
            if not slot.done():
                slot.set_result(None)
                return
        self.in_flight -= 1
