"""Property tests: whatever a workbook or a CORDIS export contains, reading it ends in a bundle
(with rejected rows named by file and line) or in one :class:`InnographError` — never in another
exception. Known gaps are strict ``xfail`` tests named FINDING-n (see docs/reliability.md); when the
owner fixes one, the test passes, strict xfail fails, and the mark comes off.
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from graph.errors import InnographError
from loaders.cordis import read_cordis
from loaders.records import Bundle
from loaders.workbook import read_workbook
from tests.reliability.hostile import ENCODINGS, cells, ids, table, workbook_tables, write_csv, write_workbook

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(reader, path: Path) -> Bundle | InnographError:
    """The reader's bundle or its InnographError; any other exception fails the test."""
    try:
        bundle = reader(path)
    except InnographError as exc:
        assert str(exc).strip() and "\n" not in str(exc).strip(), repr(exc)
        return exc
    for rejection in bundle.rejected:
        assert rejection.file and rejection.message, rejection
    return bundle


@SETTINGS
@given(tables=workbook_tables, encoding=st.sampled_from(ENCODINGS), delimiter=st.sampled_from([",", ";", "\t"]))
def test_generated_workbooks_read_cleanly(tables, encoding, delimiter) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = outcome(read_workbook, write_workbook(Path(tmp) / "wb", tables, encoding=encoding, delimiter=delimiter))
    if isinstance(result, Bundle):
        refs = {o.ref for o in result.orgs}
        for rel in result.rels:  # a relationship never points at an organisation the bundle lacks
            if rel.start.startswith("wb:"):
                assert rel.start in refs, rel
            if rel.end.startswith("wb:"):
                assert rel.end in refs, rel


@SETTINGS
@given(content=st.binary(max_size=4000), name=st.sampled_from(["organisations.csv", "fields.csv", "memberships.csv"]))
def test_random_bytes_as_a_workbook_table(content, name) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / name).write_bytes(content)
        outcome(read_workbook, folder)


@SETTINGS
@given(content=st.binary(max_size=4000), name=st.sampled_from(["book.xlsx"]))
def test_random_bytes_as_an_xlsx(content, name) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(b"PK\x03\x04" + content)
        outcome(read_workbook, path)


cordis_tables = st.fixed_dictionaries(
    {
        "project": table({"id": ids("", 3), "rcn": ids("r", 2), "acronym": cells, "startDate": cells,
                          "endDate": cells, "ecMaxContribution": cells, "frameworkProgramme": cells}),
        "organization": table({"projectID": ids("", 3), "organisationID": ids("9", 3), "name": cells,
                               "activityType": st.sampled_from(["PRC", "HES", "", "XYZ", "PRC;PRC", "prc"]),
                               "SME": cells, "ecContribution": cells, "geolocation": cells, "city": cells,
                               "role": cells, "shortName": cells}),
        "euroSciVoc": table({"projectID": ids("", 3), "euroSciVocPath": st.one_of(cells, st.just("/a/b/a/b")),
                             "euroSciVocTitle": cells}),
    }
)


@SETTINGS
@given(tables=cordis_tables, encoding=st.sampled_from(ENCODINGS))
def test_generated_cordis_exports_read_cleanly(tables, encoding) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, rows in tables.items():
            write_csv(folder / f"{name}.csv", rows, delimiter=";", encoding=encoding)
        outcome(read_cordis, folder)


@SETTINGS
@given(content=st.binary(max_size=3000), name=st.sampled_from(["project.csv", "organization.csv"]))
def test_random_bytes_as_a_cordis_table(content, name) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / name).write_bytes(content)
        outcome(read_cordis, folder)


# --- known gaps: each is a finding for the loaders' owner --------------------------------------

def _one_file(tmp_path: Path, name: str, content: bytes) -> Path:
    (tmp_path / name).write_bytes(content)
    return tmp_path


def test_huge_field_in_a_workbook(tmp_path) -> None:
    outcome(read_workbook, _one_file(tmp_path, "organisations.csv", b"id,name\no1," + b"A" * 200_000 + b"\n"))


def test_huge_field_in_cordis(tmp_path) -> None:
    outcome(read_cordis, _one_file(tmp_path, "project.csv", b"id;acronym\n1;" + b"A" * 200_000 + b"\n"))


def test_corrupt_gzip_workbook_table(tmp_path) -> None:
    outcome(read_workbook, _one_file(tmp_path, "organisations.csv.gz", b"this is not gzip"))


def test_truncated_gzip_cordis_table(tmp_path) -> None:
    outcome(read_cordis, _one_file(tmp_path, "project.csv.gz", gzip.compress(b"id;acronym\n1;A\n" * 100)[:40]))


def test_broken_cordis_json(tmp_path) -> None:
    outcome(read_cordis, _one_file(tmp_path, "project.json", b"[{\"id\": 1,"))


def test_cordis_json_of_numbers(tmp_path) -> None:
    outcome(read_cordis, _one_file(tmp_path, "organization.json", b"[1, 2, 3]"))


def test_cordis_json_in_latin1(tmp_path) -> None:
    outcome(read_cordis, _one_file(tmp_path, "project.json", '[{"id": "1", "acronym": "Müller"}]'.encode("latin-1")))


def test_cycle_in_the_field_hierarchy_is_rejected(tmp_path) -> None:
    (tmp_path / "fields.csv").write_text("id,name,broader\nf1,One,f2\nf2,Two,f1\nf3,Three,f3\n")
    bundle = outcome(read_workbook, tmp_path)
    assert isinstance(bundle, InnographError) or len(bundle.rejected) >= 2


def test_self_relation_is_rejected(tmp_path) -> None:
    (tmp_path / "organisations.csv").write_text("id,name,kind\no1,Acme GmbH,Firm\n")
    (tmp_path / "relations.csv").write_text("from,type,to\no1,COLLABORATES_WITH,o1\n")
    bundle = outcome(read_workbook, tmp_path)
    assert isinstance(bundle, InnographError) or bundle.rejected
