"""Pure text functions for names and places: repair, normalise, infer a kind from a name.

Entity resolution compares *keys*, never raw spellings: ``UNIVERSITAET STUTTGART``,
``UNIVERSITY OF STUTTGART`` and ``Universität Stuttgart`` all have the key ``stuttgart universitat``.

>>> name_key("UNIVERSITAET STUTTGART") == name_key("University of Stuttgart") == name_key("Universität Stuttgart")
True
>>> name_key("Festo SE & Co. KG") == name_key("FESTO AG & CO KG")
True
>>> repair_text("MÃœNCHEN"), repair_text("M√ºnster")
('MÜNCHEN', 'Münster')
"""

from __future__ import annotations

import re
import unicodedata
from typing import Mapping

from graph.schema import OrgKind

_PARENTHESES = re.compile(r"\(([^()]*)\)")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_EV = re.compile(r"\be\s*\.?\s*v\b\.?")

# Multi-word legal forms become one token before tokens are compared.
_LEGAL_PHRASES = (
    ("gesellschaft mit beschrankter haftung", "gmbh"),
    ("eingetragener verein", "ev"),
    ("kommanditgesellschaft auf aktien", "kgaa"),
    ("aktiengesellschaft", "ag"),
    ("societas europaea", "se"),
)
LEGAL_FORMS = frozenset(
    "gmbh mbh ag se kg kgaa ev eg ug co gbr ohg ek ltd limited inc corp plc llc sa sas sarl srl spa bv nv"
    " oy ab as aps haftungsbeschrankt".split()
)
# Generic words written differently in German, English and CORDIS capitals.
_SYNONYMS = {
    "university": "universitat", "universitat": "universitat", "universita": "universitat",
    "universite": "universitat", "universidad": "universitat", "uni": "universitat", "univ": "universitat",
    "technical": "technische", "technische": "technische", "technischen": "technische",
    "institute": "institut", "institut": "institut", "institutes": "institut",
    "munich": "munchen", "cologne": "koln", "nuremberg": "nurnberg",
}
_STOPWORDS = frozenset("of the der die das des fur for und and at an am in zu zur zum".split())
_CITY_SUFFIX = re.compile(r"\s+(im|am|an der|bei|ob|ot|unter)\s+.*$")


def repair_text(text: str) -> str:
    """Undo the two mojibakes of the sources: UTF-8 read as Latin-1/CP1252 (``Ã``) or Mac Roman (``√``)."""
    for marker, encoding in (("Ã", "cp1252"), ("Â", "cp1252"), ("√", "mac_roman")):
        if marker in text:
            try:
                text = text.encode(encoding).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
    return text


def clean(text: str | None) -> str:
    """Repaired text with collapsed whitespace; ``""`` for nothing."""
    return " ".join(repair_text(text or "").split())


def fold(text: str) -> str:
    """Lower case ASCII, with umlauts and their transliterations made equal (ü, ue, u → u; ß → ss)."""
    text = repair_text(text).casefold().replace("ß", "ss")
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def split_parentheses(name: str) -> tuple[str, tuple[str, ...]]:
    """``"Karlsruher Institut für Technologie (KIT)"`` → the name without brackets and ``("KIT",)``."""
    inner = tuple(clean(m) for m in _PARENTHESES.findall(name) if clean(m))
    return clean(_PARENTHESES.sub(" ", name)), inner


def tokens(name: str) -> list[str]:
    """Folded words of a name, legal-form phrases collapsed, brackets dropped."""
    text = fold(split_parentheses(name)[0])
    text = _EV.sub(" ev ", text)
    for phrase, form in _LEGAL_PHRASES:
        text = text.replace(phrase, form)
    return [w for w in _NON_WORD.sub(" ", text).split() if w]


def name_key(name: str) -> str:
    """The key entity resolution compares: folded words without legal forms, stopwords, order."""
    words = tokens(name)
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    words = [_SYNONYMS.get(w, w) for w in words if w not in _STOPWORDS]
    return " ".join(sorted(words))


def city_key(city: str | None) -> str:
    """Folded city without the first of several places and without suffixes such as ``im Breisgau``."""
    text = fold(clean(city).split(";")[0].split("/")[0].split(",")[0].split("(")[0])
    text = " ".join(_NON_WORD.sub(" ", text).split())
    text = " ".join(w for w in text.split() if not w.isdigit())
    return " ".join(_SYNONYMS.get(w, w) for w in text.split())


def city_prefixes(key: str) -> list[str]:
    """``"freiburg im breisgau"`` → the key, then shorter token prefixes, for table look-ups."""
    words = key.split()
    return [" ".join(words[:n]) for n in range(len(words), 0, -1)]


def district_of(key: str, districts: Mapping[str, str]) -> str | None:
    """The district of a city key, trying shorter prefixes (``gerlingen schillerhohe`` → ``gerlingen``)."""
    for prefix in city_prefixes(key):
        if prefix in districts:
            return districts[prefix]
    return None


def same_city(a: str, b: str) -> bool:
    """Equal city keys, or one a token prefix of the other (``stuttgart`` / ``stuttgart vaihingen``)."""
    if not a or not b:
        return False
    short, long_ = sorted((a.split(), b.split()), key=len)
    return long_[: len(short)] == short


def slug(text: str) -> str:
    """A readable id part: folded words joined by ``-``."""
    return "-".join(_NON_WORD.sub(" ", fold(text)).split())


_KIND_PATTERNS: tuple[tuple[OrgKind, re.Pattern[str]], ...] = (
    (OrgKind.MINISTRY, re.compile(r"\b(ministerium|ministry|bundesministerium)\b")),
    (OrgKind.UNIVERSITY, re.compile(
        r"(universitat|university|universita|universite|universidad|hochschule|college|\buni\b|academy|akademie)")),
    (OrgKind.RESEARCH_INSTITUTE, re.compile(
        r"(institut|fraunhofer|max planck|max-planck|forschung|research|helmholtz|\bdlr\b|laborator"
        r"|zentrum fur luft|leibniz)")),
    (OrgKind.PUBLIC_BODY, re.compile(
        r"\b(stadt|landkreis|landratsamt|regierungsprasidium|bundesanstalt|landesanstalt|agency|gemeinde"
        r"|behorde|bundesamt|landesamt|city of|municipality|kammer|ihk)\b")),
    (OrgKind.INTERMEDIARY, re.compile(r"(wirtschaftsforderung|cluster|netzwerk|network|verband|association)")),
    (OrgKind.FIRM, re.compile(
        r"\b(gmbh|mbh|ag|se|kg|kgaa|ug|ltd|limited|inc|corp|plc|llc|sa|sas|sarl|srl|spa|bv|nv|oy|ab|gbr|ohg"
        r"|ek)\b")),
)


def infer_kind(name: str) -> OrgKind:
    """The kind a name suggests (first matching rule wins); ``Other`` when nothing matches.

    >>> [infer_kind(n).value for n in ("Hochschule Aalen", "Fraunhofer IAO", "Manz AG", "Südwesttextil e.V.")]
    ['University', 'ResearchInstitute', 'Firm', 'Other']
    """
    text = " ".join(tokens(name))
    folded = fold(name)
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text) or pattern.search(folded):
            return kind
    return OrgKind.OTHER
