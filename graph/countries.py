"""Countries of foreign partners: ISO-2 code (CORDIS writes ``UK`` and ``EL``), English name, and the
group EU / associated / third country used by the Internationalisierung indicators.

Names come from pycountry (ISO 3166, kept up to date by its maintainers) rather than a hand list.
The groups are the Framework Programmes' own: the EU-28 as during FP7 and Horizon 2020 (the United
Kingdom included, as it was until 2020), the countries associated to FP7 or Horizon 2020, and the
rest as third countries. A code pycountry does not know stays as written and is a third country.
"""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry

EU = frozenset("AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK UK".split())
ASSOCIATED = frozenset("AL AM BA CH FO GE IL IS LI MD ME MK NO RS TN TR UA".split())
CORDIS_TO_ISO = {"UK": "GB", "EL": "GR"}
GROUPS = ("EU", "associated", "third")


def cordis_code(code: str | None) -> str:
    """The CORDIS spelling of a country code (``GB`` → ``UK``, ``GR`` → ``EL``)."""
    code = (code or "").strip().upper()
    return {iso: cordis for cordis, iso in CORDIS_TO_ISO.items()}.get(code, code)


def group_of(code: str) -> str:
    code = cordis_code(code)
    return "EU" if code in EU else "associated" if code in ASSOCIATED else "third"


@lru_cache(maxsize=None)
def name_of(code: str, language: str = "en") -> str:
    """The country's name in English or, with pycountry's own translations, e.g. German (``de``)."""
    code = cordis_code(code)
    country = pycountry.countries.get(alpha_2=CORDIS_TO_ISO.get(code, code))
    if not country:
        return code
    name = getattr(country, "common_name", None) or country.name
    if language == "en":
        return name
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
    return translation.gettext(name)


def iso3_of(code: str) -> str | None:
    """ISO 3166 alpha-3 (for the world map), or None for a code pycountry does not know."""
    code = cordis_code(code)
    country = pycountry.countries.get(alpha_2=CORDIS_TO_ISO.get(code, code))
    return country.alpha_3 if country else None
