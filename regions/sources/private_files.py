"""Files that hold personal data or secrets, and the folders made for them: owner only.

SQLite databases, the development token secret and a region service's key are created 0600,
whatever the umask, and a folder this code creates for them 0700. SQLite gives a database's
-wal, -shm and -journal files the mode of the database file, so they follow. Existing files
and folders are not changed (their mode may be the operator's choice); one that others can
read is logged as a warning.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)
FILE_MODE = 0o600
DIR_MODE = 0o700
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def private_dir(path: Path) -> None:
    """Create `path` and its missing parents, each 0700; existing folders are left alone."""
    missing = []
    while not path.exists():
        missing.append(path)
        if path.parent == path:
            break
        path = path.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # made meanwhile by another process: its mode is that process's
        os.chmod(folder, DIR_MODE)  # exactly 0700, whatever the umask took from mkdir's mode


def private_file(path: Path, content: bytes = b"") -> bool:
    """Create `path` 0600 holding `content`, unless it exists; True if it was created here.

    Created with O_EXCL at mode 0600, so there is no moment it is readable by others and two
    processes racing to create it cannot both write it.
    """
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        warn_if_shared(path)
        return False
    with os.fdopen(fd, "wb") as out:
        os.fchmod(out.fileno(), FILE_MODE)  # exactly 0600, whatever the umask took
        out.write(content)
    return True


def private_sqlite_file(path: Path) -> None:
    """Before SQLite opens it: the database file made empty and 0600 if it is missing (SQLite
    takes an empty file as a new database), else checked with its side files."""
    if private_file(path):
        return
    for suffix in SQLITE_SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            warn_if_shared(side)


def warn_if_shared(path: Path) -> None:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return
    if mode & 0o077:
        log.warning(
            "%s is readable or writable by others (mode %o); it holds personal data or a "
            "secret: chmod 600 it",
            path,
            mode,
        )
