"""Meeting rhythms as RFC 5545 recurrence rules with a matching German description."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import time

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
ORDINALS = {1: "1.", 2: "2.", 3: "3.", 4: "4.", -1: "letzten"}
# Evening meetings: weekdays far more often than weekends.
DAY_WEIGHTS = (18, 22, 22, 22, 10, 3, 3)
TIMES = (time(18, 0), time(18, 30), time(19, 0), time(19, 30), time(20, 0))
TIME_WEIGHTS = (3, 3, 5, 2, 1)


@dataclass(frozen=True, slots=True)
class Meeting:
    rule: str  # RFC 5545 RRULE value, without the "RRULE:" prefix
    time: time
    note: str  # the same rhythm, for people


def clock(at: time) -> str:
    return f"{at:%H:%M} Uhr"


def _weekday(rng: random.Random) -> int:
    return rng.choices(range(7), weights=DAY_WEIGHTS)[0]


def meeting(rng: random.Random) -> Meeting:
    """Monthly on an nth weekday, weekly, every other week, or twice a month."""
    at = rng.choices(TIMES, weights=TIME_WEIGHTS)[0]
    day = _weekday(rng)
    kind = rng.choices(("monthly", "weekly", "biweekly", "twice"), weights=(45, 20, 25, 10))[0]
    if kind == "monthly":
        nth = rng.choices((1, 2, 3, 4, -1), weights=(5, 5, 4, 2, 3))[0]
        rule = f"FREQ=MONTHLY;BYDAY={nth}{BYDAY[day]}"
        text = f"jeden {ORDINALS[nth]} {WEEKDAYS[day]} im Monat"
    elif kind == "weekly":
        rule = f"FREQ=WEEKLY;BYDAY={BYDAY[day]}"
        text = f"jeden {WEEKDAYS[day]}"
    elif kind == "biweekly":
        rule = f"FREQ=WEEKLY;INTERVAL=2;BYDAY={BYDAY[day]}"
        text = f"jeden zweiten {WEEKDAYS[day]}"
    else:
        first = rng.choice((1, 2))
        rule = f"FREQ=MONTHLY;BYDAY={first}{BYDAY[day]},{first + 2}{BYDAY[day]}"
        text = f"jeden {first}. und {first + 2}. {WEEKDAYS[day]} im Monat"
    return Meeting(rule, at, f"{text}, {clock(at)}")
