"""The dashboard's CSV downloads neutralise spreadsheet formulas (bridges, cross-clustering)."""

import csv
import io

import pandas as pd

from dashboard.widgets import csv_bytes


def test_downloaded_csv_has_no_cell_that_starts_a_formula() -> None:
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"x\")", "@SUM(A1)", "Acme\r=1+1", "Plain"], "ties": [1, -2, 3, 4]})
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8"), newline="")))
    assert rows[0] == ["name", "ties"]
    assert [row[0] for row in rows[1:]] == ["'=HYPERLINK(\"x\")", "'@SUM(A1)", "Acme\r=1+1", "Plain"]
    assert [row[1] for row in rows[1:]] == ["1", "-2", "3", "4"]
