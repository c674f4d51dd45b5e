"""Errors a query reports to a user as one readable line."""

from __future__ import annotations

from graph.errors import InnographError


class NotFound(InnographError):
    """An id or name matches nothing in the graph."""


class Ambiguous(InnographError):
    """A name matches several actors, or only approximately; the message lists suggestions."""

    def __init__(self, message: str, suggestions: list | None = None) -> None:
        super().__init__(message)
        self.suggestions = list(suggestions or [])


class EmptySelection(InnographError):
    """The filters leave nothing to analyse."""


class NoPath(InnographError):
    """Two actors are not connected within the selection."""


class WriteRefused(InnographError):
    """The console refused a query that could write or administer; nothing was sent to the server."""


class QueryTimedOut(InnographError):
    """The server stopped a console query that ran longer than its time limit."""


class QueryFailed(InnographError):
    """The server rejected a console query (syntax, unknown function, …); the message says why."""


class BadSelection(InnographError):
    """An export or map selection is contradictory or out of range (e.g. ego depth 3)."""
