"""The time limit of a request, around everything it does: reading the body, the token and
its revocation check, rate limits, GraphQL. Past it the answer is 504 `TIMEOUT` at once.

The work runs as a task of its own and is cancelled at the deadline; the answer does not wait
for the cancellation to finish beyond a short grace (a database driver stuck on a hung
server may take its time to let go), so the caller's wait is bounded whatever hangs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import TIMEOUT
from .identity import identity_of
from .refusals import error_response

CANCEL_GRACE_SECONDS = 0.25
log = logging.getLogger("graph.hardening")


class Deadline:
    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        work = asyncio.ensure_future(self.app(scope, receive, tracked))
        try:
            done, _ = await asyncio.wait({work}, timeout=self.seconds)
        except asyncio.CancelledError:  # the server gave up on this request (disconnect)
            work.cancel()
            raise
        if done:
            work.result()  # its own exceptions go on as before
            return
        work.cancel()
        await asyncio.wait({work}, timeout=CANCEL_GRACE_SECONDS)
        if not work.done():
            work.add_done_callback(_forget)
        elif not work.cancelled():
            with contextlib.suppress(BaseException):
                work.result()
        identity = identity_of(scope)
        log.warning("request %s stopped at its time limit (%s s)", identity.label, self.seconds)
        if started:
            return  # the answer had begun: the connection is closed short
        message = f"Request took longer than {self.seconds} s and was stopped."
        await error_response(identity, 504, message, TIMEOUT)(scope, receive, send)


def _forget(task: asyncio.Future[None]) -> None:
    """Take the late task's outcome, so no "exception never retrieved" is logged."""
    if not task.cancelled():
        task.exception()
