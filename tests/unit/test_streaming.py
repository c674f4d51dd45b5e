"""Reading streams: rows come one at a time, memory stays flat, and errors still name file and line."""

from __future__ import annotations

import gzip
import tracemalloc
from pathlib import Path

import pytest

from loaders.reading import BrokenEncoding, UnreadableFile, iter_csv, read_csv
from loaders.records import RelRecord
from loaders.workbook import Workbook, field_cycles, read_workbook


def _edge_workbook(folder: Path, rows: int) -> Path:
    """Ten organisations, ten clusters and ``rows`` memberships (about 40 bytes each)."""
    folder.mkdir()
    (folder / "organisations.csv").write_text("id,name,city\n" + "".join(
        f"o{i},Organisation {i} GmbH,Ulm\n" for i in range(10)), encoding="utf-8")
    (folder / "clusters.csv").write_text("id,name\n" + "".join(f"c{i},Cluster {i}\n" for i in range(10)),
                                         encoding="utf-8")
    with (folder / "memberships.csv").open("w", encoding="utf-8") as handle:
        handle.write("organisation,cluster,since,role\n")
        for i in range(rows):
            handle.write(f"o{i % 10},c{i // 10 % 10},{2000 + i % 20}-01-01,member\n")
    return folder


def test_rows_come_before_the_end_of_the_file_is_read(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(b"id;name\n" + b"p1;Anna\n" * 50_000 + b"p2;M\xfcller\n")
    rows = iter_csv(path)
    assert next(rows).values == {"id": "p1", "name": "Anna"}  # the broken byte 400 kB further is not read yet
    with pytest.raises(BrokenEncoding) as caught:
        list(rows)
    assert (caught.value.line, caught.value.column_index) == (50_002, 1)


def test_a_broken_byte_in_a_gzip_file_is_named_by_line_and_column(tmp_path):
    path = tmp_path / "people.csv.gz"
    path.write_bytes(gzip.compress("id;name;role\np1;Anna;Chefin\np2;Jonas;Geschäftsführer\n".encode("cp1252")))
    with pytest.raises(BrokenEncoding, match=r"^people.csv.gz, line 3: broken encoding: byte 0xe4") as caught:
        read_csv(path)
    assert caught.value.column_index == 2


@pytest.mark.parametrize("content, message", [
    (b"", r"^t.csv: the file is empty or has no header line$"),
    (b"id,name\no1," + b"A" * 200_000 + b"\n", r"^t.csv, line 2: not readable as CSV"),
])
def test_unreadable_files_name_file_and_line(tmp_path, content, message):
    (tmp_path / "t.csv").write_bytes(content)
    with pytest.raises(UnreadableFile, match=message):
        read_csv(tmp_path / "t.csv")


def test_a_truncated_gzip_names_the_line_where_it_stops(tmp_path):
    rows = b"id;value\n" + b"".join(b"%d;%d\n" % (i, i * 7919 % 100_003) for i in range(50_000))
    (tmp_path / "t.csv.gz").write_bytes(gzip.compress(rows)[:60_000])
    with pytest.raises(UnreadableFile, match=r"^t.csv.gz, line \d+: not a complete gzip file"):
        read_csv(tmp_path / "t.csv.gz")


def test_reading_a_large_edge_table_keeps_memory_flat(tmp_path):
    book = _edge_workbook(tmp_path / "book", 40_000)
    size = (book / "memberships.csv").stat().st_size
    for _ in Workbook(_edge_workbook(tmp_path / "warm", 10)).records():  # imports and caches a first read makes
        pass                                                              # (alone, they were the peak: 1.9 MB)
    tracemalloc.start()
    try:
        workbook = Workbook(book)
        count = sum(1 for record in workbook.records() if isinstance(record, RelRecord))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 40_000 and workbook.rejected == []
    assert size > 900_000 and peak < size / 4, (size, peak)  # reading it whole took ~14 times its size


def test_every_field_on_a_cycle_of_broader_fields_is_found():
    cycles = field_cycles({"f1": "f2", "f2": "f3", "f3": "f1", "f4": "f1", "f5": "f5", "f6": "f7"})
    assert cycles == {"f1": "f1 → f2 → f3 → f1", "f2": "f2 → f3 → f1 → f2", "f3": "f3 → f1 → f2 → f3"}


def test_a_cycle_of_broader_fields_is_rejected_with_file_line_and_column(tmp_path):
    (tmp_path / "fields.csv").write_text("id,name,broader\nf1,One,f2\nf2,Two,f3\nf3,Three,f1\nf4,Four,f1\n")
    rejected = read_workbook(tmp_path).rejected
    assert [(r.file, r.line, r.column) for r in rejected] == [("fields.csv", 2, "broader"), ("fields.csv", 3, "broader"),
                                                             ("fields.csv", 4, "broader"), ("fields.csv", 5, "broader")]
    assert rejected[3].message == "field 'f1' is rejected itself (line 2 of fields); expected an id whose row loads"
    assert rejected[0].message == ("fields cannot be broader than themselves through others (f1 → f2 → f3 → f1); "
                                   "expected a hierarchy without cycles")
