"""Display names as organisations write them: which spelling of a group to show, and how to restore
the casing of a name that only exists in CORDIS capitals.

The order (issue 12, item 4): ROR's name when a ROR record is in the group; else the best source
spelling with lower-case letters (one with umlauts beats its own ``ae/oe/ue`` transliteration);
else the capitals restored: German legal forms (``GmbH & Co. KG``, ``e.V.``), umlauts and
capitalisation from the German word list of the ``wordfreq`` package, acronyms kept.

Why ``wordfreq``: it ships frequency lists of 600,000 German words built from many corpora and is
maintained on PyPI, so ``WURTTEMBERG`` → ``Württemberg`` and ``FUR`` → ``für`` are decided by how
German is really written instead of a hand-made umlaut list. Its lists fold ``ß`` into ``ss``, so
``ss`` is left as it is.

>>> restore_case("EBERHARD KARLS UNIVERSITAET TUEBINGEN")
'Eberhard Karls Universität Tübingen'
>>> restore_case("STIFTUNG FZI FORSCHUNGSZENTRUM INFORMATIK AM KARLSRUHER INSTITUT FUR TECHNOLOGIE")
'Stiftung FZI Forschungszentrum Informatik am Karlsruher Institut für Technologie'
>>> restore_case("ENBW ENERGIE BADEN-WURTTEMBERG AG"), restore_case("HEINZ SCHWARZ GMBH & CO KG")
('EnBW Energie Baden-Württemberg AG', 'Heinz Schwarz GmbH & Co. KG')
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product
from typing import Sequence

from .names import clean, name_key
from .records import OrgRecord
from .ror import SOURCE_ID as ROR_SOURCE

# Written exactly so, whatever the source's case (legal forms, titles, well-known acronyms).
FIXED = {w.upper(): w for w in (
    "GmbH mbH gGmbH AG SE KG KGaA OHG UG eG GbR e.K. Ltd. Inc. Corp. plc LLC S.A. SAS SARL SRL S.p.A. B.V. N.V."
    " Dr. Prof. Dipl. Ing. St. EnBW"
    " SAP IBM KIT DLR ZF BMW ABB EMBL DKFZ FZI HLRS SICK MAHLE TRUMPF DECHEMA ICLEI IHK IT ICT GSI TÜV".split())}
FIXED |= {"LTD": "Ltd.", "INC": "Inc.", "CORP": "Corp.", "DR": "Dr.", "PROF": "Prof.", "DIPL": "Dipl.",
          "ING": "Ing.", "EK": "e.K.", "BV": "B.V.", "NV": "N.V.", "SPA": "S.p.A.", "SA": "S.A.",
          "TUV": "TÜV", "TUEV": "TÜV", "COKG": "Co. KG",
          "HAFTUNGSBESCHRANKT": "haftungsbeschränkt", "HAFTUNGSBESCHRAENKT": "haftungsbeschränkt"}
# Lower case inside a name (German and English function words, the UG's addition).
LOWER = frozenset(
    "der die das des dem den für fur fuer und an am im in zu zur zum von vom bei mit auf aus über ueber unter"
    " ohne gegen durch nach of the and for at on by de la le du et di del da haftungsbeschränkt".split())
_WORD = re.compile(r"([^\W\d_]+)")
_EV = re.compile(r"\bE\s?\.\s?V\b\.?|\bE\.?V\.?$|\bE\s+V$")
_CO = re.compile(r"\bCO\b\.?(?=\s*(KG|OHG|KGAA)\b)|(?<=[&+])\s*CO\b\.?", re.IGNORECASE)
_UMLAUTS = {"ae": "ä", "oe": "ö", "ue": "ü", "a": "ä", "o": "ö", "u": "ü"}
_MAX_CHOICES = 6  # umlaut positions tried per word (2^6 candidates at most)
_ACRONYM_FREQUENCY = 1e-5  # a 2–3 letter word rarer than this in German (zipf < 4) is taken for an acronym
_VOWEL_FLOOR = 1e-6  # a plain a/o/u becomes an umlaut only in a word at least this frequent (zipf >= 3)


@lru_cache(maxsize=1)
def _german() -> dict[str, float]:
    """wordfreq's German word → frequency table (loaded once, ~0.4 s)."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("de")


# ROR tells firms of the same name apart by country ("Festo (Germany)"); in a German graph that says nothing.
_COUNTRY_SUFFIX = re.compile(r"\s*\((?:Germany|Deutschland)\)$")


def display_name(group: Sequence[OrgRecord]) -> str:
    """The name to show for a group of records (see the module docstring); earlier records rank higher."""
    ror = [clean(r.name) for r in group if r.ror and r.source == ROR_SOURCE and clean(r.name)]
    if ror:
        return _COUNTRY_SUFFIX.sub("", ror[0]) or ror[0]
    names = [clean(r.name) for r in group if clean(r.name)]
    full = {name_key(n) for n in names}
    spellings = list(dict.fromkeys(s for s in (*names, *(clean(a) for r in group for a in (*r.aliases, *r.match_names)))
                                   if s and (name_key(s) in full or len(name_key(s).split()) > 1)))
    mixed = [s for s in spellings if not s.isupper()]
    if mixed:
        return _with_umlauts(mixed[0], mixed)
    capitals = spellings or names
    return restore_case(_with_umlauts(capitals[0], capitals))


def _with_umlauts(first: str, spellings: Sequence[str]) -> str:
    """``first``, or a spelling of the same name that writes its umlauts (``Universität`` for ``Universitaet``)."""
    if not first.isascii():
        return first
    key = name_key(first)
    return next((s for s in spellings if not s.isascii() and name_key(s) == key), first)


def restore_case(name: str) -> str:
    """A name in capitals as a German organisation would write it; a mixed-case name is returned unchanged."""
    name = clean(name)
    if not name.isupper():
        return name
    name = _CO.sub(lambda m: (" " if m.group(0).startswith(" ") else "") + "Co.", _EV.sub("e.V.", name))
    parts = _WORD.split(name)
    out, first = [], True
    for n, part in enumerate(parts):
        if n % 2 == 0:
            out.append(part)
            continue
        before = out[-1] if out else ""
        out.append(part.lower() if before.endswith("'") and len(part) == 1 else
                   _word(part, first=first, compound=before.endswith("-")))
        first = False
    return "".join(out)


def _word(word: str, *, first: bool, compound: bool) -> str:
    if not word.isupper():
        return word  # already restored above (Co., e.V.)
    if word in FIXED:
        return FIXED[word]
    lower = _umlauts(word.lower())
    if lower in LOWER and not first and not compound:
        return "für" if lower in ("fur", "fuer") else lower
    if _is_acronym(word, lower):
        return word
    return lower[:1].upper() + lower[1:]


def _is_acronym(word: str, lower: str) -> bool:
    """No vowel (``BMBF``, ``HZB``), or two or three letters that are no common German word (``OWS``)."""
    if not re.search(r"[AEIOUYÄÖÜ]", word):
        return len(word) > 1
    return len(word) <= 3 and _german().get(lower, 0.0) < _ACRONYM_FREQUENCY


@lru_cache(maxsize=1 << 16)  # names repeat their words (GmbH, für, Universität): each is worked out once
def _umlauts(word: str) -> str:
    """The most frequent German spelling of ``word`` with ``ae/oe/ue`` or ``a/o/u`` as umlauts, if more
    frequent than ``word`` itself (``universitaet`` → ``universität``, ``fur`` → ``für``); a plain vowel
    only in a common word, since a rare one is more likely a name (``offis``)."""
    if not word.isascii():
        return word
    german = _german()
    spots = [(m.start(), m.end()) for m in re.finditer(r"ae|oe|ue|a|o|u", word)][:_MAX_CHOICES]
    plain = [end - start == 1 for start, end in spots]
    best, best_frequency = word, german.get(word, 0.0)
    for choice in product((False, True), repeat=len(spots)):
        if not any(choice):
            continue
        pieces, at = [], 0
        for (start, end), umlaut in zip(spots, choice):
            pieces += [word[at:start], _UMLAUTS[word[start:end]] if umlaut else word[start:end]]
            at = end
        candidate = "".join(pieces) + word[at:]
        frequency = german.get(candidate, 0.0)
        if any(c and p for c, p in zip(choice, plain)) and frequency < _VOWEL_FLOOR:
            continue  # OFFIS stays Offis, although "Öffis" is a German word
        if frequency > best_frequency:
            best, best_frequency = candidate, frequency
    return best
