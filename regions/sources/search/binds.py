"""A search's values as named bound parameters, for statements built once and run again.

Building a search's SQL (and SQLAlchemy's cache key of it) cost more than running it. A
store may build the statements of one *shape* of search once and run them again with each
request's values: while it builds them inside `named()`, the places where a request's words,
place and seek enter the SQL become bound parameters of fixed names, and each run passes
their values (`near_values`, `words_values`, `seek_values`). Outside `named()` nothing
changes: the values are written into the statement as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import bindparam

_named: ContextVar[bool] = ContextVar("search_binds_named", default=False)


@contextmanager
def named() -> Iterator[None]:
    """Build statements whose request values are named parameters (synchronous code only)."""
    token = _named.set(True)
    try:
        yield
    finally:
        _named.reset(token)


def is_named() -> bool:
    return _named.get()


def value(name: str, given: Any, like: Any) -> Any:
    """`given` as is; while building `named()`: the parameter `name` of `like`'s type."""
    if not _named.get():
        return given
    return bindparam(name, given, type_=like.type)
