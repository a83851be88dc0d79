"""A TCP proxy in front of the test PostgreSQL that a test can turn into a fault: refuse
(nothing listens: ECONNREFUSED), hang (connections accepted, open, and silent, like a
database whose processes were stopped with SIGSTOP), or forward again."""

from __future__ import annotations

import asyncio
import contextlib


class FaultyProxy:
    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self.server: asyncio.Server | None = None
        self.flowing = asyncio.Event()
        self.flowing.set()
        self.tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def refuse(self) -> None:
        """Nothing listens on the port, and open connections are cut."""
        if self.server is not None:
            self.server.close()
            self.server = None
        for task in list(self.tasks):
            task.cancel()

    def hang(self) -> None:
        self.flowing.clear()

    async def forward(self) -> None:
        self.flowing.set()
        if self.server is None:
            await self.start()

    async def close(self) -> None:
        await self.refuse()
        self.flowing.set()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self.tasks.add(task)
        try:
            await self.flowing.wait()
            up_reader, up_writer = await asyncio.open_connection(*self.target)
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            self.tasks.discard(task)
            writer.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                await self.flowing.wait()  # hung: bytes are held, the socket stays open
                writer.write(data)
                await writer.drain()
        finally:
            with contextlib.suppress(Exception):
                writer.close()
