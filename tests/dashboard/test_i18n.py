"""The two catalogues: same keys, no empty labels, placeholders that match, every used key present."""

import re
import string
from pathlib import Path

from dashboard.i18n import catalogue

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_german_and_english_have_the_same_keys():
    assert set(catalogue("de")) == set(catalogue("en"))


def test_no_label_is_empty_and_placeholders_agree():
    german, english = catalogue("de"), catalogue("en")
    assert [key for key, text in {**german, **english}.items() if not text.strip()] == []
    assert [key for key in german if placeholders(german[key]) != placeholders(english[key])] == []


def test_every_literal_key_used_in_the_code_exists():
    used = set()
    for path in DASHBOARD.rglob("*.py"):
        used |= set(re.findall(r"\bt\(\s*\"([a-z_]+\.[a-z_.]+)\"", path.read_text(encoding="utf-8")))
        used |= set(re.findall(r"show_empty\(\"([a-z_.]+)\"\)", path.read_text(encoding="utf-8")))
    assert sorted(used - set(catalogue("de"))) == []
