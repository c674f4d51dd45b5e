"""Reading tables as German office software writes them: CSV (UTF-8 with or without BOM, ``;`` or
``,``, gzip) and .xlsx sheets, as raw rows that remember their file and line.

Values are parsed by small functions that raise :class:`BadValue` with what was expected, so
that a loader can turn them into a :class:`~loaders.records.Rejection` naming file, line and column.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Callable, Iterator, Mapping, TextIO

from graph.errors import InnographError


class UnreadableFile(InnographError):
    """A file is missing, not text in UTF-8, or has no header."""


class BrokenEncoding(UnreadableFile):
    """A byte that is not UTF-8; ``line`` and ``column_index`` say where."""

    def __init__(self, file: str, line: int, column_index: int, byte: int) -> None:
        self.file, self.line, self.column_index = file, line, column_index
        self.detail = (f"broken encoding: byte 0x{byte:02x} is not UTF-8; "
                       "expected UTF-8 text (save the file as 'CSV UTF-8')")
        super().__init__(f"{file}, line {line}: {self.detail}")


class BadValue(ValueError):
    """A cell does not hold what its column expects; the message says what was expected."""


@dataclass(frozen=True)
class RawRow:
    file: str
    line: int
    values: Mapping[str, str]

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()


@contextmanager
def open_text(path: Path) -> Iterator[TextIO]:
    """A file's text as a stream (gzip when it ends in ``.gz``), decoded piece by piece as UTF-8
    with or without BOM, so that a file of any size is never in memory whole."""
    try:
        raw = gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")
    except FileNotFoundError as exc:
        raise UnreadableFile(f"{path}: file not found") from exc
    with io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
        yield text


def read_text(path: Path) -> str:
    """A file's whole text (for JSON documents); see :func:`open_text`."""
    with open_text(path) as text, _reading_errors(path, lambda: 0):
        return text.read()


@contextmanager
def _reading_errors(path: Path, line: Callable[[], int]) -> Iterator[None]:
    """Turns what a stream raises mid-file into one :class:`UnreadableFile`; ``line`` is where it stopped."""
    try:
        yield
    except UnicodeDecodeError as exc:
        raise broken_encoding(path) from exc
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise UnreadableFile(f"{path.name}, line {line() + 1}: not a complete gzip file ({exc}); "
                             "expected a .gz written by gzip") from exc


def broken_encoding(path: Path) -> BrokenEncoding:
    """Where a file stops being UTF-8: line, column (delimiters before the byte) and the byte.

    Scans the bytes again in chunks, so finding the place costs no more memory than reading.
    """
    opener = gzip.open if path.suffix == ".gz" else open
    delimiter, line, line_start, pending = b"", 1, b"", b""
    with opener(path, "rb") as raw:
        while True:
            chunk = raw.read(1 << 20)
            data = pending + chunk
            valid, pending, bad = _valid_prefix(data, at_end=not chunk)
            if not delimiter:
                delimiter = sniff_delimiter(data.split(b"\n", 1)[0].decode("utf-8", "replace")).encode()
            line += valid.count(b"\n")
            line_start = (line_start + valid).rsplit(b"\n", 1)[-1]
            if bad is not None or not chunk:
                return BrokenEncoding(path.name, line, line_start.count(delimiter), data[bad] if bad is not None else 0)


def _valid_prefix(data: bytes, *, at_end: bool) -> tuple[bytes, bytes, int | None]:
    """(the UTF-8 prefix, an incomplete character to carry into the next chunk, the first bad byte's offset)."""
    try:
        data.decode("utf-8")
        return data, b"", None
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and not at_end:
            return data[:exc.start], data[exc.start:], None
        return data[:exc.start], b"", exc.start


def read_json_records(path: Path) -> list[dict]:
    """Records of a JSON array or JSON Lines file (``.gz`` allowed), in file order."""
    text = read_text(path)
    try:
        if text.lstrip().startswith("["):
            records = json.loads(text)
        else:
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise UnreadableFile(f"{path.name}, line {exc.lineno}: not valid JSON ({exc.msg})") from exc
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise UnreadableFile(f"{path.name}: record {number} is not a JSON object; expected one object per record")
    return records


def sniff_delimiter(header_line: str) -> str:
    """``;`` when the header has more semicolons than commas (German Excel), else ``,``; tabs win over both."""
    counts = {sep: header_line.count(sep) for sep in ("\t", ";", ",")}
    return max(counts, key=lambda sep: (counts[sep], sep == ","))


def iter_csv(path: Path, *, delimiter: str | None = None) -> Iterator[RawRow]:
    """Rows of a CSV with a header, one at a time; line numbers count the header as line 1.

    The file is read as a stream: memory stays that of one row whatever the file's size.
    """
    with open_text(path) as text:
        reader = None
        with _reading_errors(path, lambda: reader.line_num if reader else 0):
            first = text.readline()
            if not first.strip():
                raise UnreadableFile(f"{path.name}: the file is empty or has no header line")
            reader = csv.reader(chain([first], text), delimiter=delimiter or sniff_delimiter(first))
            try:
                header = [h.strip().lstrip("\ufeff") for h in next(reader)]
                for values in reader:
                    if any(v.strip() for v in values):
                        yield RawRow(path.name, reader.line_num, dict(zip(header, values)))
            except csv.Error as exc:
                raise UnreadableFile(f"{path.name}, line {reader.line_num}: not readable as CSV ({exc})") from exc


def csv_header(path: Path) -> list[str]:
    """The column names of a CSV (gzipped or not), read from its first line only, to tell formats apart."""
    with open_text(path) as text, _reading_errors(path, lambda: 1):
        first = text.readline()
    return [h.strip().strip('"').lstrip("\ufeff") for h in first.rstrip("\r\n").split(sniff_delimiter(first))
            if h.strip()]


def read_csv(path: Path, *, delimiter: str | None = None) -> list[RawRow]:
    """Every row of a (small) CSV at once; see :func:`iter_csv`."""
    return list(iter_csv(path, delimiter=delimiter))


def read_xlsx(path: Path) -> dict[str, tuple[list[str], list[RawRow]]]:
    """Every sheet of a workbook as (header, rows); the file name reported is ``book.xlsx:sheet``."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise UnreadableFile(f"{path}: file not found") from exc
    except Exception as exc:  # openpyxl raises several unrelated types for a damaged file
        raise UnreadableFile(f"{path.name}: not a readable .xlsx workbook ({exc})") from exc
    sheets = {}
    for sheet in book.worksheets:
        cells = sheet.iter_rows(values_only=True)
        header = [_cell_text(c) for c in next(cells, ())]
        rows = []
        for number, values in enumerate(cells, start=2):
            texts = [_cell_text(v) for v in values]
            if any(texts):
                rows.append(RawRow(f"{path.name}:{sheet.title}", number, dict(zip(header, texts))))
        sheets[sheet.title] = (header, rows)
    book.close()
    return sheets


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and hasattr(value, "hour"):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(text: str) -> str | None:
    """ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or German ``DD.MM.YYYY``; returned as ISO text."""
    text = text.strip()
    if not text:
        return None
    german = _GERMAN_DATE.match(text)
    if german:
        day, month, year = (int(g) for g in german.groups())
        return _checked(year, month, day, text)
    iso = _DATE.match(text)
    if not iso:
        raise BadValue(f"bad date '{text}'; expected YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY")
    year, month, day = iso.groups()
    if day:
        return _checked(int(year), int(month), int(day), text)
    if month and not 1 <= int(month) <= 12:
        raise BadValue(f"bad date '{text}'; expected YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY")
    return text


def _checked(year: int, month: int, day: int, text: str) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError as exc:
        raise BadValue(f"bad date '{text}'; expected YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY") from exc


def parse_number(text: str) -> float | None:
    """``1234.5``, ``1.234,5`` or ``1234,5`` (decimal comma); ``None`` for an empty cell."""
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError as exc:
        raise BadValue(f"'{text}' is not a number; expected e.g. 1234,56 or 1234.56") from exc


_TRUE = {"true", "yes", "ja", "1", "y", "x", "wahr"}
_FALSE = {"false", "no", "nein", "0", "n", "falsch"}


def parse_bool(text: str) -> bool | None:
    value = text.strip().casefold()
    if not value:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise BadValue(f"'{text}' is not yes/no; expected true/false, yes/no or ja/nein")


def parse_founded(text: str, *, today: date | None = None) -> int | None:
    """A founding year from ``YYYY`` or any date :func:`parse_date` reads; not before 1800 or in the future.

    >>> parse_founded("01.03.2015"), parse_founded("2019"), parse_founded("")
    (2015, 2019, None)
    >>> parse_founded("1700")
    Traceback (most recent call last):
    ...
    loaders.reading.BadValue: founding year 1700 is not between 1800 and this year
    """
    iso = parse_date(text)
    if iso is None:
        return None
    year = int(iso[:4])
    if not 1800 <= year <= (today or date.today()).year:
        raise BadValue(f"founding year {year} is not between 1800 and this year")
    return year


def split_list(text: str) -> list[str]:
    """``a; b | c`` → ``["a", "b", "c"]`` (the separators the workbook documents)."""
    return [part.strip() for part in re.split(r"[;|]", text) if part.strip()]
