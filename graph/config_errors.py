"""A configuration error as one line naming the setting and the problem (no traceback)."""

from __future__ import annotations

import re

from pydantic import ValidationError
from pydantic_settings import SettingsError

PREFIX = "SHG_"
_FIELD = re.compile(r'field "([a-z_]+)"')


def describe(error: BaseException) -> str | None:
    """The line for a settings error; None for anything else."""
    if isinstance(error, ValidationError):
        problems = []
        for item in error.errors(include_url=False):
            loc = [str(part) for part in item["loc"]]
            name = PREFIX + loc[0].upper() if loc else "settings"
            where = f" (entry {'.'.join(loc[1:])})" if len(loc) > 1 else ""
            message = str(item["msg"]).removeprefix("Value error, ")
            problems.append(f"{name}{where}: {message}")
        return "configuration error: " + "; ".join(problems)
    if isinstance(error, SettingsError):
        match = _FIELD.search(str(error))
        name = PREFIX + match.group(1).upper() if match else "a setting"
        cause = error.__cause__ or error.__context__
        detail = f": {cause}" if cause else ""
        return f"configuration error: {name} is not valid JSON{detail}"
    return None
