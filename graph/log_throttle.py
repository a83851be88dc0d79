"""A traceback at most once per distinct failure per minute: an outage of a minute must not
write megabytes of the same stack (issue 15)."""

from __future__ import annotations

import threading
import time
import traceback

WINDOW_SECONDS = 60.0
_MAX_KEYS = 1000


class Throttle:
    """`first(error)` is True for the first of each distinct failure in its window."""

    def __init__(self, window: float = WINDOW_SECONDS) -> None:
        self.window = window
        self._seen: dict[tuple[str, ...], float] = {}
        self._lock = threading.Lock()

    def first(self, error: BaseException) -> bool:
        key = failure_key(error)
        now = time.monotonic()
        with self._lock:
            last = self._seen.get(key)
            if last is not None and now - last < self.window:
                return False
            if len(self._seen) >= _MAX_KEYS:
                self._seen = {k: t for k, t in self._seen.items() if now - t < self.window}
            self._seen[key] = now
            return True


def failure_key(error: BaseException) -> tuple[str, ...]:
    """Distinct = its type and where it was raised (not its message, which may hold values)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return (type(error).__module__, type(error).__qualname__, where)


TRACEBACKS = Throttle()
