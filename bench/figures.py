"""One benchmark figure: its value, the baseline measured in the same run, and the goal it serves."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass


@dataclass
class Figure:
    """``ratio`` says how many times better than the baseline (above 1 is better, either direction).

    ``goal`` is ``(op, value)`` with ``op`` ``"<="`` or ``">="`` in the figure's unit; ``met`` is
    ``None`` when the figure has no goal or could not be measured.
    """

    name: str
    value: float | None
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    goal: tuple[str, float] | None = None
    note: str = ""

    @property
    def lower_is_better(self) -> bool:
        if self.goal is not None:
            return self.goal[0] == "<="
        return not self.unit.endswith("/s")

    @property
    def ratio(self) -> float | None:
        if self.value in (None, 0) or self.baseline in (None, 0):
            return None
        ratio = self.baseline / self.value if self.lower_is_better else self.value / self.baseline
        return round(ratio, 2)

    @property
    def met(self) -> bool | None:
        if self.goal is None or self.value is None:
            return None
        op, target = self.goal
        return self.value <= target if op == "<=" else self.value >= target

    def to_dict(self) -> dict:
        data = asdict(self)
        data["value"] = _round(self.value)
        data["baseline"] = _round(self.baseline)
        data["goal"] = f"{self.goal[0]} {_fmt(self.goal[1])} {self.unit}" if self.goal else None
        data["ratio"] = self.ratio
        data["met"] = self.met
        return data


def p95(samples: list[float]) -> float:
    """The 95th percentile (inclusive method; the maximum for fewer than 20 samples)."""
    if len(samples) < 20:
        return max(samples)
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def _round(value: float | None) -> float | None:
    if value is None:
        return None
    return round(value, 3) if abs(value) < 100 else round(value, 1)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
