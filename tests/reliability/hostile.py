"""Hostile and messy cell values and files, shared by the reader and loading tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import strategies as st

NASTY_CELLS = (
    "=HYPERLINK(\"http://evil.example\",\"click\")", "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"; DROP TABLE x; --", "' OR 1=1 //",
    "Ac\x00me", "\u202eevil\u202c", "\ufeffBOM", "Müller & Söhne GmbH", "MÃœNCHEN", "a;b|c", "x\ny", "x\r\ny",
    "   ", "", "${jndi:ldap://x}", "{{7*7}}", "../../etc/passwd", "\u2028line", "NaN", "inf", "-0", "1e309",
    "31.02.2020", "2020-13-01", "0000", "ja", "wahr", "\U0001F600", "\\", "`", "}", ")", "MATCH (n) DETACH DELETE n",
)
ENCODINGS = ("utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16")

cells = st.one_of(
    st.sampled_from(NASTY_CELLS),
    st.text(max_size=40),
    # long fields, cheap to generate: a short piece repeated (up to 100 000 characters)
    st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=5), st.integers(200, 20_000)),
)


def ids(prefix: str, count: int) -> st.SearchStrategy[str]:
    """Ids drawn from a small pool, so that duplicates and dangling references happen often."""
    return st.one_of(st.sampled_from([f"{prefix}{i}" for i in range(count)]), cells)


def table(columns: dict[str, st.SearchStrategy[str]], *, max_rows: int = 4) -> st.SearchStrategy[list[dict]]:
    return st.lists(st.fixed_dictionaries(columns), max_size=max_rows)


workbook_tables = st.fixed_dictionaries(
    {
        "organisations": table({"id": ids("o", 4), "name": cells, "kind": st.sampled_from(["Firm", "University", "", "Spaceship"]),
                                "city": st.sampled_from(["Stuttgart", "", "Karlsruhe", "<b>x</b>"]), "sme": cells,
                                "fields": st.one_of(ids("f", 3), st.just("f0; f1|f2")), "lat": cells}),
        "fields": table({"id": ids("f", 3), "name": cells, "broader": st.one_of(st.just(""), ids("f", 3))}),
        "clusters": table({"id": ids("c", 2), "name": cells, "city": st.sampled_from(["Stuttgart", ""])}),
        "projects": table({"id": ids("p", 3), "start_date": cells, "acronym": cells}),
        "memberships": table({"organisation": ids("o", 4), "cluster": ids("c", 2),
                              "role": st.sampled_from(["", "member", "founder", "boss"]), "since": cells}),
        "participations": table({"organisation": ids("o", 4), "project": ids("p", 3), "contribution": cells}),
        "relations": table({"from": ids("o", 4), "type": st.sampled_from(["COLLABORATES_WITH", "PARTNER_OF", "x"]),
                            "to": ids("o", 4)}),
    }
)


def write_csv(path: Path, rows: list[dict], *, delimiter: str = ",", encoding: str = "utf-8") -> None:
    columns = list(rows[0]) if rows else ["id", "name"]
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding, errors="replace"))


def write_workbook(folder: Path, tables: dict[str, list[dict]], *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name, rows in tables.items():
        write_csv(folder / f"{name}.csv", rows, delimiter=delimiter, encoding=encoding)
    return folder
