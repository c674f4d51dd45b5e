"""One exception hierarchy, so that the CLI and the dashboard can show one readable line."""


class InnographError(Exception):
    """Base of every error innograph reports to a user as a message rather than a traceback."""


class DatabaseUnavailable(InnographError):
    """Neo4j cannot be reached, refuses the credentials, or lacks the database."""


class AuthenticationFailed(DatabaseUnavailable):
    """The server answers but refuses the user name or password."""


class LocalServerError(InnographError):
    """The local Neo4j launcher could not be built, started or stopped."""


class WriteError(InnographError):
    """A batch could not be written; the batch was rolled back as a whole."""


class DatabaseFailedToOpen(LocalServerError):
    """The local server runs, but its database did not open (e.g. a torn transaction log)."""


class NotEnoughDiskSpace(InnographError):
    """The file system of the local server's data is too full to start a load safely."""
