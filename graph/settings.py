"""Connection settings, read once from the environment into one frozen object.

Variables (the same names as in docker-compose.yml):

- ``NEO4J_URI``: an external server (Aura, Docker, a company server). When unset, innograph uses
  its local server at ``bolt://127.0.0.1:$INNOGRAPH_NEO4J_PORT`` (default 7687).
- ``NEO4J_USER`` (default ``neo4j``), ``NEO4J_PASSWORD``, ``NEO4J_DATABASE`` (default ``neo4j``).
- ``INNOGRAPH_HOME`` (default ``~/.innograph``): the local server's data, logs, pid and, when
  ``NEO4J_PASSWORD`` is unset, its generated password (a file only the owner can read).
- ``INNOGRAPH_TIMEOUT`` (seconds, default 15): the longest innograph waits for a connection.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

DEFAULT_BOLT_PORT = 7687
PASSWORD_FILE_NAME = "neo4j-password"


@dataclass(frozen=True)
class Settings:
    """Where and how to reach Neo4j. ``password`` is kept out of ``repr`` so it never reaches logs."""

    uri: str
    user: str
    password: str = field(repr=False)
    database: str
    home: Path
    bolt_port: int
    external: bool
    timeout: float = 15.0

    @property
    def password_file(self) -> Path:
        return self.home / PASSWORD_FILE_NAME

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """Read the settings; a missing local password file leaves ``password`` empty until ``db start``."""
        env = os.environ if env is None else env
        home = Path(env.get("INNOGRAPH_HOME") or Path.home() / ".innograph").expanduser()
        port = int(env.get("INNOGRAPH_NEO4J_PORT") or DEFAULT_BOLT_PORT)
        external_uri = env.get("NEO4J_URI", "").strip()
        password = env.get("NEO4J_PASSWORD", "")
        if not password and not external_uri:
            password = read_password_file(home / PASSWORD_FILE_NAME)
        return cls(
            uri=external_uri or f"bolt://127.0.0.1:{port}",
            user=env.get("NEO4J_USER") or "neo4j",
            password=password,
            database=env.get("NEO4J_DATABASE") or "neo4j",
            home=home,
            bolt_port=port,
            external=bool(external_uri),
            timeout=float(env.get("INNOGRAPH_TIMEOUT") or 15.0),
        )


def read_password_file(path: Path) -> str:
    """The stored local password, or ``""`` when none has been generated yet."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""
