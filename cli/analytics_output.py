"""Printing results: a readable table by default, JSON or CSV for machines."""

from __future__ import annotations

import json
import sys
from typing import Callable, Sequence

from cli.selection import add_selection_options
from graph.csv_text import csv_text

Column = tuple[str, Callable[[dict], object]]


def add_format_option(parser) -> None:
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table",
                        help="table (default), json or csv")


def print_json(payload: dict) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_csv(rows: Sequence[dict]) -> None:
    if not rows:
        return
    header = list(rows[0])
    sys.stdout.write(csv_text(header, ([_cell(row.get(k)) for k in header] for row in rows)))


def print_table(rows: Sequence[dict], columns: Sequence[Column], *, width: int = 60) -> None:
    """Columns as (header, getter); long cells are cut to ``width`` characters."""
    cells = [[_short(_text(get(row)), width) for _, get in columns] for row in rows]
    widths = [max([len(h)] + [len(c[i]) for c in cells]) for i, (h, _) in enumerate(columns)]
    print("  ".join(h.ljust(w) for (h, _), w in zip(columns, widths)).rstrip())
    print("  ".join("-" * w for w in widths))
    for line in cells:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip())


def _text(value) -> str:
    if isinstance(value, float):
        return f"{value:.4f}" if value == value else "-"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return "-" if value is None else str(value)


def _cell(value):
    if isinstance(value, (list, tuple)):
        return "; ".join(json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def add_analysis_options(p, *, cluster_filter: bool = True):
    """The selection options and ``--format``, which every analysis command takes."""
    add_selection_options(p, cluster_filter=cluster_filter)
    add_format_option(p)
    return p


def emit(args, document, rows: list[dict], columns, *, width: int, heading: list[str] = ()) -> int:
    """Print a command's result as ``--format`` asks: the whole document as JSON, its rows as CSV, or
    the heading lines and the rows as a table."""
    if args.format == "json":
        print_json(document)
    elif args.format == "csv":
        print_csv(rows)
    else:
        for line in heading:
            print(line)
        print_table(rows, columns, width=width)
    return 0
