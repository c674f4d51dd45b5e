"""The free-space check before a load, from given free-byte figures (no full disk needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.disk import (
    MIB, check_free_space, check_free_space_for_load, min_free_mb_from_env, required_free_bytes, size_on_disk,
)
from graph.errors import InnographError, NotEnoughDiskSpace


def test_the_margin_is_the_larger_of_the_minimum_and_forty_times_the_input() -> None:
    assert required_free_bytes(0) == 512 * MIB
    assert required_free_bytes(10 * MIB) == 512 * MIB
    assert required_free_bytes(30 * MIB) == 1200 * MIB
    assert required_free_bytes(1 * MIB, min_free_mb=2048) == 2048 * MIB
    assert required_free_bytes(10_000 * MIB, min_free_mb=0) == 0


def test_enough_space_passes_silently(tmp_path: Path) -> None:
    check_free_space(tmp_path, free_bytes=512 * MIB, input_bytes=MIB)
    check_free_space(tmp_path, free_bytes=0, input_bytes=MIB, min_free_mb=0)


def test_too_little_space_is_one_line_naming_directory_free_and_needed(tmp_path: Path) -> None:
    with pytest.raises(NotEnoughDiskSpace) as caught:
        check_free_space(tmp_path / "neo4j" / "data", free_bytes=4 * MIB, input_bytes=50 * MIB)
    message = str(caught.value)
    assert "\n" not in message
    assert str(tmp_path / "neo4j" / "data") in message
    assert "4 MiB free" in message and "2,000 MiB needed" in message
    assert "nothing was written" in message and "INNOGRAPH_MIN_FREE_MB" in message


def test_one_byte_short_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotEnoughDiskSpace):
        check_free_space(tmp_path, free_bytes=512 * MIB - 1, input_bytes=0)


def test_the_minimum_comes_from_the_environment() -> None:
    assert min_free_mb_from_env({}) == 512
    assert min_free_mb_from_env({"INNOGRAPH_MIN_FREE_MB": " 2048 "}) == 2048
    assert min_free_mb_from_env({"INNOGRAPH_MIN_FREE_MB": "0"}) == 0
    for bad in ("lots", "1.5", "-1"):
        with pytest.raises(InnographError, match="INNOGRAPH_MIN_FREE_MB"):
            min_free_mb_from_env({"INNOGRAPH_MIN_FREE_MB": bad})


def test_input_size_of_a_file_a_folder_and_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"x" * 1000)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.csv").write_bytes(b"y" * 24)
    assert size_on_disk(tmp_path / "a.csv") == 1000
    assert size_on_disk(tmp_path) == 1024
    assert size_on_disk(tmp_path / "missing") == 0


def test_a_data_directory_not_created_yet_is_measured_on_its_parent(tmp_path: Path) -> None:
    check_free_space_for_load(tmp_path / "home" / "neo4j" / "data", [tmp_path], min_free_mb=1)
    with pytest.raises(NotEnoughDiskSpace, match="home/neo4j/data"):
        check_free_space_for_load(tmp_path / "home" / "neo4j" / "data", [tmp_path], min_free_mb=1 << 40)
