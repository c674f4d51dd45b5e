"""The one serialiser for result records: ``to_dict`` of a dataclass, nested records included.

Every query result, report and row is a frozen dataclass; ``dataclasses.asdict`` already turns
nested dataclasses, lists and dicts into plain data, so one mixin replaces a hand-written
``to_dict`` per class.
"""

from __future__ import annotations

from dataclasses import asdict, fields

# ``field(metadata=INTERNAL)``: kept on the record for the dashboard, left out of ``to_dict``
# (exports and the CLI), e.g. the structured reasons the dashboard words in the user's language.
INTERNAL = {"serialise": False}


class Record:
    """Mixin for dataclasses: ``to_dict()`` is ``dataclasses.asdict`` without the INTERNAL fields.

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
        data = asdict(self)  # type: ignore[call-overload]
        for spec in fields(self):  # type: ignore[arg-type]
            if spec.metadata.get("serialise") is False:
                del data[spec.name]
        return data
