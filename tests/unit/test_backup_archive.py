"""``innograph db backup`` / ``restore`` file handling on a stand-in data directory (the real
round trip through a stopped Neo4j is in tests/reliability/test_disk_full_recovery.py)."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from graph.backup import backup_data, restore_data
from graph.errors import LocalServerError


def _data_dir(root: Path, marker: str) -> Path:
    data = root / "data"
    (data / "databases" / "neo4j").mkdir(parents=True)
    (data / "transactions" / "neo4j").mkdir(parents=True)
    (data / "databases" / "neo4j" / "neostore").write_text(marker)
    (data / "transactions" / "neo4j" / "neostore.transaction.db.0").write_bytes(b"\x01\x02" * 100)
    return data


def test_restore_brings_back_the_backup_and_keeps_what_it_replaced(tmp_path: Path) -> None:
    data = _data_dir(tmp_path, "before")
    archive = backup_data(data, tmp_path / "backups" / "b.tar.gz")
    assert archive.is_file() and not (tmp_path / "backups" / "b.tar.gz.partial").exists()
    (data / "databases" / "neo4j" / "neostore").write_text("after")

    set_aside = restore_data(archive, data)

    assert (data / "databases" / "neo4j" / "neostore").read_text() == "before"
    assert (data / "transactions" / "neo4j" / "neostore.transaction.db.0").read_bytes() == b"\x01\x02" * 100
    assert set_aside is not None and (set_aside / "databases" / "neo4j" / "neostore").read_text() == "after"
    assert not data.with_name("data.restoring").exists()


def test_nothing_to_back_up_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LocalServerError, match="holds no databases"):
        backup_data(tmp_path / "data", tmp_path / "b.tar.gz")


def test_a_foreign_or_broken_archive_leaves_the_data_untouched(tmp_path: Path) -> None:
    data = _data_dir(tmp_path, "mine")
    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as tar:
        tar.add(data / "databases", arcname="something/else")
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"not a tar at all")

    with pytest.raises(LocalServerError, match="not an innograph backup"):
        restore_data(foreign, data)
    with pytest.raises(LocalServerError, match="cannot read the backup"):
        restore_data(broken, data)
    with pytest.raises(LocalServerError, match="no backup at"):
        restore_data(tmp_path / "missing.tar.gz", data)
    assert (data / "databases" / "neo4j" / "neostore").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.tar.gz", "data", "foreign.tar.gz"]
