"""The calibrated chance beside a recommended partner (analytics/pair_calibration.py)."""

from __future__ import annotations

import numpy as np
import pytest

from analytics.pair_calibration import HORIZON, calibrate, last_full_year, odds
from analytics.pair_history import history_from_rows
from tests.unit.test_pair_model import _history, _rows


def test_calibration_replays_the_last_complete_window() -> None:
    rows = _rows(organisations=80, years=range(2010, 2021), per_year=40)
    found = calibrate(_history(rows))
    assert found is not None and (found.split, found.horizon) == (2020 - HORIZON + 1, HORIZON)
    assert found.years == "2018–2020" and 0 < found.positives < found.pairs
    shares = np.array(found.shares)
    assert np.all(np.diff(shares) >= 0) and shares.min() >= 0 and shares.max() <= 1  # isotonic: never lower for more
    assert found.chance(found.scores[0] / 2) == found.shares[0] and found.chance(found.scores[-1] * 2) == found.shares[-1]


def test_a_thin_final_year_is_not_taken_as_complete() -> None:
    rows = _rows(organisations=80, years=range(2010, 2021), per_year=40) + [("late", 2021, "o1"), ("late", 2021, "o2")]
    assert last_full_year(_history(rows)) == 2020
    assert calibrate(_history(rows)).years == "2018–2020"


def test_later_projects_do_not_change_it() -> None:
    """Only projects before the split (scores) and inside the window (outcomes) count."""
    rows = _rows(organisations=80, years=range(2010, 2021), per_year=40)
    extra = [(f"x{k}", 2021 + k % 2, f"o{k % 80}") for k in range(10)]  # two thin later years
    assert calibrate(_history(rows)) == calibrate(_history(rows + extra))


def test_too_little_history_gives_none() -> None:
    assert calibrate(history_from_rows([("p", 2019, "a"), ("p", 2019, "b"), ("q", 2020, "a"), ("q", 2020, "c")])) is None


def test_odds_never_read_as_certain() -> None:
    assert [odds(s) for s in (0.26, 0.5, 0.54, 0.55, 0.7, 0.96, 1.0, 0.01, 0.004)] == \
        [(1, 4), (1, 2), (1, 2), (6, 10), (7, 10), (9, 10), (9, 10), (1, 100), None]


@pytest.mark.parametrize("language, words", [("en", ["about 1 in 4", "about 7 in 10", "about 9 in 10"]),
                                             ("de", ["etwa 1 von 4", "etwa 7 von 10", "etwa 9 von 10"])])
def test_the_chance_is_worded_in_both_languages(language, words, monkeypatch) -> None:
    import dashboard.i18n
    from dashboard.widgets import chance_text

    monkeypatch.setattr(dashboard.i18n, "language", lambda: language)
    assert [chance_text(s) for s in (0.26, 0.7, 1.0)] == words


def test_the_cli_chance_column_never_says_one_in_one() -> None:
    from types import SimpleNamespace

    from cli.questions import _chance_column

    (name, cell), = _chance_column([SimpleNamespace(chance=0.8)])
    assert (name, cell({"chance": 0.8}), cell({"chance": 0.3}), cell({"chance": 0.002}), cell({"chance": None})) == \
        ("chance", "8 in 10", "1 in 3", "< 1 in 100", "")
