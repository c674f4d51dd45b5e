"""Loaders: read sources, validate rows, resolve organisations, hand typed records to graph.writer.

:func:`load` is the one entry the CLI and the dashboard call (schema, free space, report).
"""

from .entry import SOURCES, load

__all__ = ["SOURCES", "load"]
