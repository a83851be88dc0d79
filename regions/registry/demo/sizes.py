"""How many rows of each kind: scaled sizes and shares apportioned by population."""

from __future__ import annotations

import functools
import itertools
import math
import random
from typing import Any, TypeVar

T = TypeVar("T")

CONTACT_POINTS = 300
ORGANISATIONS = 1000
RARE_SEARCHES = 500
GROUPS = 2000


def scaled(size: int, scale: float) -> int:
    """size × scale, rounded, at least 1."""
    return max(1, round(size * scale))


def apportion(total: int, weights: dict[str, int], minimum: int = 1) -> dict[str, int]:
    """Split total by weight (largest remainder), each share at least `minimum`."""
    shares = {key: minimum for key in weights}
    rest = max(total - minimum * len(weights), 0)
    whole = sum(weights.values())
    quotas = {key: rest * weight / whole for key, weight in weights.items()}
    for key, quota in quotas.items():
        shares[key] += math.floor(quota)
    left = total - sum(shares.values())
    by_remainder = sorted(quotas, key=lambda key: (math.floor(quotas[key]) - quotas[key], key))
    for key in by_remainder[: max(left, 0)]:
        shares[key] += 1
    return shares


def pick(rng: random.Random, options: tuple[tuple[T, float], ...]) -> T:
    """One option of (value, weight) pairs."""
    values, cumulative = _prepared(options)
    return rng.choices(values, cum_weights=cumulative)[0]  # type: ignore[no-any-return]


@functools.cache
def _prepared(options: tuple[tuple[Any, float], ...]) -> tuple[list[Any], list[float]]:
    return [value for value, _ in options], list(itertools.accumulate(w for _, w in options))


def chance(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability
