"""A workbook load streams its tables: an invalid row at the very end of a table longer than many
batches still stops the load before anything is written, ``--skip-invalid`` writes the rest, and
the load's memory stays far below what the rows would take in memory."""

from __future__ import annotations

import csv
import tracemalloc
from pathlib import Path

import pytest

from graph.admin import clear_database, count_by_label, count_by_type
from loaders.pipeline import BATCH, InvalidRows
from loaders.workbook import load_workbook, read_workbook

ORGANISATIONS, CLUSTERS = 200, 100


def _workbook(folder: Path, memberships: int, *, last: str = "") -> Path:
    """Organisations and clusters, and ``memberships`` distinct memberships (then ``last`` as a raw line)."""
    folder.mkdir()
    (folder / "organisations.csv").write_text("id,name,city\n" + "".join(
        f"o{i},Organisation {i} GmbH,{('Ulm', 'Stuttgart', 'Karlsruhe')[i % 3]}\n" for i in range(ORGANISATIONS)),
        encoding="utf-8")
    (folder / "clusters.csv").write_text("id,name\n" + "".join(f"c{i},Cluster {i}\n" for i in range(CLUSTERS)),
                                         encoding="utf-8")
    with (folder / "memberships.csv").open("w", encoding="utf-8") as handle:
        handle.write("organisation,cluster,since\n")
        for i in range(memberships):
            handle.write(f"o{i % ORGANISATIONS},c{i // ORGANISATIONS % CLUSTERS},{2000 + i % 20}\n")
        handle.write(last)
    return folder


def test_an_invalid_last_row_of_a_long_table_stops_the_load_before_writing(driver, database, tmp_path):
    book = _workbook(tmp_path / "book", 3 * BATCH, last="o1,nosuchcluster,2020\n")
    with pytest.raises(InvalidRows, match=rf"^1 invalid row\(s\), nothing was written: memberships.csv, "
                                          rf"line {3 * BATCH + 2}, column 'cluster': unknown cluster 'nosuchcluster'"):
        load_workbook(driver, database, book)
    assert count_by_label(driver, database) == {}

    report = load_workbook(driver, database, book, skip_invalid=True, report_dir=tmp_path / "reports")
    assert count_by_type(driver, database)["MEMBER_OF"] == 3 * BATCH
    assert report.nodes["Organisation"] == (ORGANISATIONS, 0)
    with report.rejected_file.open(encoding="utf-8") as handle:
        assert [row["line"] for row in csv.DictReader(handle)] == [str(3 * BATCH + 2)]


def _peak(work) -> tuple[object, int]:
    tracemalloc.start()
    try:
        result = work()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_streamed_load_does_not_grow_with_the_table(driver, database, tmp_path):
    """Six times the rows: the rows in memory grow by megabytes, the streamed load's peak hardly."""
    batch = 250
    peaks, in_memory = [], []
    for rows in (4 * batch, 24 * batch):
        book = _workbook(tmp_path / f"book{rows}", rows)
        in_memory.append(_peak(lambda: read_workbook(book))[1])
        clear_database(driver, database)
        report, peak = _peak(lambda: load_workbook(driver, database, book, batch_size=batch))
        assert report.relationships["MEMBER_OF"] == (rows, 0)
        peaks.append(peak)
    assert peaks[1] - peaks[0] < (in_memory[1] - in_memory[0]) / 4, (peaks, in_memory)
