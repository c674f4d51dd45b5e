"""Offline backups of the local server: its whole ``data/`` directory as one ``.tar.gz``.

A copy of a *stopped* Neo4j Community server's data directory is a complete, consistent backup
(every database, the users, the transaction logs); Community has no online backup. The callers stop
the server first. A restore never deletes anything: the data it replaces is moved aside.
"""

from __future__ import annotations

import shutil
import tarfile
import time
from pathlib import Path

from .disk import size_on_disk
from .errors import InnographError, LocalServerError, NotEnoughDiskSpace

ARCHIVE_ROOT = "data"


def default_backup_path(backups_dir: Path) -> Path:
    return backups_dir / f"neo4j-data-{time.strftime('%Y%m%d-%H%M%S')}.tar.gz"


def backup_data(data_dir: Path, archive: Path) -> Path:
    """Write ``data_dir`` into ``archive`` (written under a temporary name, renamed when complete)."""
    if not (data_dir / "databases").is_dir():
        raise LocalServerError(f"there is nothing to back up: {data_dir} holds no databases")
    archive.parent.mkdir(parents=True, exist_ok=True)
    needed, free = size_on_disk(data_dir), shutil.disk_usage(archive.parent).free
    if free < needed:
        raise NotEnoughDiskSpace(
            f"not enough free disk space for a backup in {archive.parent}: {free >> 20} MiB free, "
            f"up to {needed >> 20} MiB needed; choose another place with --to"
        )
    partial = archive.with_name(archive.name + ".partial")
    with tarfile.open(partial, "w:gz") as tar:
        tar.add(data_dir, arcname=ARCHIVE_ROOT)
    partial.replace(archive)
    return archive


def restore_data(archive: Path, data_dir: Path) -> Path | None:
    """Replace ``data_dir`` with the archive's copy; returns where the replaced data was moved, if any."""
    if not archive.is_file():
        raise LocalServerError(f"no backup at {archive}")
    staging = data_dir.with_name(data_dir.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            if not any(m.name.startswith(f"{ARCHIVE_ROOT}/databases/") for m in members):
                raise LocalServerError(f"{archive} is not an innograph backup (no {ARCHIVE_ROOT}/databases/ inside)")
            needed, free = sum(m.size for m in members), shutil.disk_usage(staging).free
            if free < needed:
                raise NotEnoughDiskSpace(
                    f"not enough free disk space to restore into {data_dir}: {free >> 20} MiB free, {needed >> 20} MiB needed"
                )
            tar.extractall(staging, filter="data")
    except (tarfile.TarError, EOFError, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise LocalServerError(f"cannot read the backup {archive}: {exc}") from exc
    except InnographError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    set_aside = None
    if data_dir.exists():
        set_aside = data_dir.with_name(f"{data_dir.name}.before-restore-{time.strftime('%Y%m%d-%H%M%S')}")
        data_dir.rename(set_aside)
    (staging / ARCHIVE_ROOT).rename(data_dir)
    staging.rmdir()
    return set_aside
