"""CSV for spreadsheets, safe against formula injection: one writer for every CSV innograph writes
(the CLI, the dashboard, exports and the loaders' rejected rows).

Cells that could start a formula get an apostrophe (:func:`safe_cell`), and rows end in ``\\r\\n``
(RFC 4180), so that a carriage return inside a value is quoted instead of starting a new row.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A spreadsheet-safe cell: text that could start a formula is prefixed with an apostrophe.

    >>> [safe_cell(v) for v in ("=1+1", "-2", "@SUM(A1)", "plain", 3, -4.5)]
    ["'=1+1", "'-2", "'@SUM(A1)", 'plain', '3', '-4.5']
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value) if isinstance(value, float) else str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """A whole CSV document.

    >>> csv_text(["name", "n"], [["=1+1", 2], ["Acme\\r=2+2", -3]])
    'name,n\\r\\n\\'=1+1,2\\r\\n"Acme\\r=2+2",-3\\r\\n'
    """
    out = io.StringIO()
    _write(out, header, rows)
    return out.getvalue()


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence]) -> Path:
    """The same document written to ``path`` (UTF-8), row by row."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        _write(handle, header, rows)
    return path


def write_rows(handle, header: Sequence[str], rows: Iterable[Sequence], *, safe: bool = False) -> None:
    """The same document written to an open text ``handle`` (``newline=""``), row by row; ``safe``: the
    rows' cells are :func:`safe_cell` text already (a large export makes each repeated cell once)."""
    _write(handle, header, rows, safe)


def _write(handle, header: Sequence[str], rows: Iterable[Sequence], safe: bool = False) -> None:
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows(rows if safe else ([safe_cell(value) for value in row] for row in rows))  # rows stream
