"""Free space before a load into the local server.

Neo4j stops a database whose disk fills up in the middle of a write, and the write it could not
finish leaves a torn entry at the end of its transaction log (see ``innograph db repair``). Refusing
a load while nothing is written yet is cheaper than repairing afterwards, so a load asks first.

The margin is the larger of ``INNOGRAPH_MIN_FREE_MB`` (default 512 MiB: room for two 256 MiB
transaction-log files, the most Neo4j keeps, plus store growth) and 40 times the input's size
(store files, indexes and transaction logs together grew by 30 times the size of a 0.8 MiB CSV
workbook in ``tests/soak/disk_full.py``). ``INNOGRAPH_MIN_FREE_MB=0`` turns the check off.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Mapping

from .errors import InnographError, NotEnoughDiskSpace

MIB = 1024 * 1024
DEFAULT_MIN_FREE_MB = 512
INPUT_FACTOR = 40


def min_free_mb_from_env(env: Mapping[str, str] | None = None) -> int:
    """``INNOGRAPH_MIN_FREE_MB`` as a whole number of MiB (default 512); a bad value is one clear error."""
    env = os.environ if env is None else env
    text = (env.get("INNOGRAPH_MIN_FREE_MB") or "").strip()
    if not text:
        return DEFAULT_MIN_FREE_MB
    try:
        value = int(text)
    except ValueError:
        raise InnographError(f"INNOGRAPH_MIN_FREE_MB must be a whole number of MiB, not {text!r}") from None
    if value < 0:
        raise InnographError(f"INNOGRAPH_MIN_FREE_MB must not be negative (got {value})")
    return value


def required_free_bytes(input_bytes: int, min_free_mb: int = DEFAULT_MIN_FREE_MB) -> int:
    """The free space a load of ``input_bytes`` needs; 0 when the check is off (``min_free_mb == 0``).

    >>> required_free_bytes(1 * MIB) // MIB
    512
    >>> required_free_bytes(100 * MIB) // MIB
    4000
    >>> required_free_bytes(100 * MIB, min_free_mb=0)
    0
    """
    if min_free_mb == 0:
        return 0
    return max(min_free_mb * MIB, INPUT_FACTOR * input_bytes)


def check_free_space(directory: Path, free_bytes: int, input_bytes: int, min_free_mb: int = DEFAULT_MIN_FREE_MB) -> None:
    """Raise :class:`NotEnoughDiskSpace` naming the directory, the free and the needed space."""
    needed = required_free_bytes(input_bytes, min_free_mb)
    if free_bytes < needed:
        raise NotEnoughDiskSpace(
            f"not enough free disk space for a load: {_mib(free_bytes)} free on the file system of {directory}, "
            f"{_mib(needed)} needed (the larger of INNOGRAPH_MIN_FREE_MB={min_free_mb} MiB and {INPUT_FACTOR} × the "
            f"input's {_mib(input_bytes)}); nothing was written — free space there, or set INNOGRAPH_MIN_FREE_MB"
        )


def check_free_space_for_load(data_dir: Path, inputs: list[Path], min_free_mb: int) -> None:
    """The check for a load of ``inputs`` into the server whose data lives in ``data_dir``."""
    existing = _nearest_existing(data_dir)
    check_free_space(data_dir, shutil.disk_usage(existing).free, sum(map(size_on_disk, inputs)), min_free_mb)


def size_on_disk(path: Path) -> int:
    """The size of a file, or of every file below a folder; 0 for a path that does not exist."""
    if path.is_file():
        return path.stat().st_size
    if path.is_dir():
        return sum(child.stat().st_size for child in path.rglob("*") if child.is_file())
    return 0


def _nearest_existing(path: Path) -> Path:
    """``path`` or its closest existing parent: the data directory of a server not started yet."""
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _mib(size: int) -> str:
    return f"{size / MIB:,.0f} MiB" if size >= MIB else f"{size / MIB:.1f} MiB"
