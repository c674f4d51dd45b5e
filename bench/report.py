"""Render a results JSON as the Markdown table of ``docs/performance.md``.

    python bench/report.py bench/results/<date>.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 10 else f"{value:,.0f}"
    return str(value)


def table(result: dict) -> str:
    lines = [
        "| figure | value | unit | baseline | ratio | goal | met? |",
        "| --- | ---: | --- | ---: | ---: | --- | --- |",
    ]
    for f in result["figures"]:
        met = {True: "yes", False: "**no**", None: ""}[f["met"]]
        ratio = f"{f['ratio']:,.1f}×" if f["ratio"] is not None else "–"
        lines.append(
            f"| `{f['name']}` | {fmt(f['value'])} | {f['unit']} | {fmt(f['baseline'])} | {ratio} | {f['goal'] or ''} | {met} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    result = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
