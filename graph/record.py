"""The one serialiser for result records: ``to_dict`` of a dataclass, nested records included.

Every query result, report and row is a frozen dataclass; ``dataclasses.asdict`` already turns
nested dataclasses, lists and dicts into plain data, so one mixin replaces a hand-written
``to_dict`` per class.
"""

from __future__ import annotations

from dataclasses import asdict


class Record:
    """Mixin for dataclasses: ``to_dict()`` is ``dataclasses.asdict``.

    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Hop(Record):
    ...     a: str
    ...     weight: float
    >>> @dataclass(frozen=True)
    ... class Path(Record):
    ...     hops: list
    >>> Path([Hop("x", 2.0)]).to_dict()
    {'hops': [{'a': 'x', 'weight': 2.0}]}
    """

    def to_dict(self) -> dict:
        return asdict(self)  # type: ignore[call-overload]
