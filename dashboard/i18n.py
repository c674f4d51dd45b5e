"""German and English labels from two catalogues with the same keys (``locales/de.json``, ``en.json``)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Callable

import streamlit as st

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
LANGUAGE_KEY = "lang"
LOCALES = Path(__file__).resolve().parent / "locales"


@lru_cache(maxsize=None)
def catalogue(language: str) -> dict[str, str]:
    """All labels of one language, keyed by a stable id."""
    return json.loads((LOCALES / f"{language}.json").read_text(encoding="utf-8"))


def language() -> str:
    """The language chosen in the sidebar (German until someone switches)."""
    chosen = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **values: object) -> str:
    """The label ``key`` in the current language, with ``{placeholders}`` filled from ``values``."""
    text = catalogue(language()).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**values) if values else text


def kind_label(kind: str) -> str:
    """A node kind (``Firm``, ``University``, …) in the current language; unknown kinds as they are."""
    return catalogue(language()).get(f"kind.{kind}", kind)


def t_or(key: str, fallback: str) -> str:
    """The label ``key`` if the catalogue has one, else ``fallback`` (for values that come from data)."""
    return catalogue(language()).get(key, fallback)


def reason_text(prefix: str, part: dict) -> str:
    """A structured reason from queries (``{"code": …, values}``) in the current language; lists as ``a, b``."""
    values = {k: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v for k, v in part.items() if k != "code"}
    return t(prefix + part["code"], **values)


def formatter(prefix: str) -> Callable[[object], str]:
    """A ``format_func`` for widgets: ``prefix + value`` looked up in the language chosen now.

    The language is bound when the widget is built, not when the function is called, so that a
    widget's options read the same wherever Streamlit formats them.
    """
    labels = catalogue(language())
    return lambda value: labels.get(f"{prefix}{value}", str(value))
