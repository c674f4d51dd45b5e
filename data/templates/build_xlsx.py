"""Rebuild ``ecosystem_workbook.xlsx`` from the CSV templates (one sheet per table):
``.venv/bin/python data/templates/build_xlsx.py``."""

import csv
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

book = Workbook()
book.remove(book.active)
for path in sorted((HERE / "csv").glob("*.csv")):
    sheet = book.create_sheet(path.stem)
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter=";"):
            sheet.append(row)
book.save(HERE / "ecosystem_workbook.xlsx")
