"""Server down, wrong password, wrong database, a server that never answers: every ``innograph``
command prints one line starting with ``innograph:``, exits 1, and gives up within a bound set by
``INNOGRAPH_TIMEOUT``. The commands are read from the parser, so new ones are covered too.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Iterator

import pytest

from cli.main import main
from graph.connection import connect
from graph.errors import DatabaseUnavailable
from tests.neo4j_server import free_port
from tests.reliability.cli_commands import NO_DATABASE, command_name, leaf_commands
from tests.reliability.conftest import OwnServer, innograph

COMMANDS = [argv for argv in leaf_commands() if argv[:2] not in NO_DATABASE and argv[:1] not in NO_DATABASE]
TIMEOUT = 1.5  # INNOGRAPH_TIMEOUT for these tests


@pytest.fixture(scope="module")
def black_hole() -> Iterator[int]:
    """A port that accepts TCP connections and then never says a word (a hung server, a firewall)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(200)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def _environment(monkeypatch, **values: str) -> None:
    for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "INNOGRAPH_READONLY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def _run_in_process(argv, capsys) -> tuple[int, str, str, float]:
    started = time.monotonic()
    code = main(list(argv))
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    return code, out, err, elapsed


def _assert_one_clear_line(code: int, err: str, elapsed: float, *expected: str) -> None:
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("innograph: "), err
    assert "Traceback" not in err
    assert any(text in lines[0] for text in expected), err
    # verify_connectivity and the first query each may take the timeout, plus slack for imports.
    assert elapsed < 3 * TIMEOUT + 5, f"gave up only after {elapsed:.1f} s"


@pytest.mark.parametrize("argv", COMMANDS, ids=command_name)
def test_server_down(argv, monkeypatch, capsys, tmp_path) -> None:
    port = free_port()
    _environment(monkeypatch, NEO4J_URI=f"bolt://127.0.0.1:{port}", NEO4J_PASSWORD="secret-not-used",
                 INNOGRAPH_TIMEOUT=str(TIMEOUT), INNOGRAPH_HOME=str(tmp_path))
    code, _, err, elapsed = _run_in_process(argv, capsys)
    _assert_one_clear_line(code, err, elapsed, f"not reachable at bolt://127.0.0.1:{port}")


@pytest.mark.parametrize("argv", COMMANDS, ids=command_name)
def test_server_that_never_answers(argv, black_hole, monkeypatch, capsys, tmp_path) -> None:
    _environment(monkeypatch, NEO4J_URI=f"bolt://127.0.0.1:{black_hole}", NEO4J_PASSWORD="secret-not-used",
                 INNOGRAPH_TIMEOUT=str(TIMEOUT), INNOGRAPH_HOME=str(tmp_path))
    code, _, err, elapsed = _run_in_process(argv, capsys)
    _assert_one_clear_line(code, err, elapsed, f"not reachable at bolt://127.0.0.1:{black_hole}")


@pytest.mark.parametrize("argv", COMMANDS, ids=command_name)
def test_wrong_database(argv, own_server: OwnServer, monkeypatch, capsys, tmp_path) -> None:
    own_server.restart()
    s = own_server.settings
    _environment(monkeypatch, NEO4J_URI=s.uri, NEO4J_PASSWORD=s.password, NEO4J_DATABASE="nosuchdatabase",
                 INNOGRAPH_TIMEOUT=str(TIMEOUT), INNOGRAPH_HOME=str(tmp_path))
    code, _, err, elapsed = _run_in_process(argv, capsys)
    _assert_one_clear_line(code, err, elapsed, "has no database 'nosuchdatabase'")


@pytest.fixture
def wrong_password(own_server: OwnServer, monkeypatch, tmp_path) -> Iterator[str]:
    """Wrong credentials; afterwards wait out Neo4j's lock-out of the user (3 failures, 5 s)."""
    own_server.restart()
    s = own_server.settings
    password = "wrong-" + s.password[:4] + "-guess"
    _environment(monkeypatch, NEO4J_URI=s.uri, NEO4J_PASSWORD=password,
                 INNOGRAPH_TIMEOUT=str(TIMEOUT), INNOGRAPH_HOME=str(tmp_path))
    yield password
    deadline = time.monotonic() + 30
    while True:
        try:
            connect(s).close()
            return
        except DatabaseUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


@pytest.mark.parametrize("argv", COMMANDS, ids=command_name)
def test_wrong_password(argv, wrong_password, capsys) -> None:
    code, out, err, elapsed = _run_in_process(argv, capsys)
    _assert_one_clear_line(code, err, elapsed, "refused the login of user 'neo4j'")
    assert wrong_password not in out + err


def test_a_real_process_reports_one_line_and_no_traceback(tmp_path) -> None:
    """The same as a user sees it: a separate process, the installed entry point, stderr only."""
    port = free_port()
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{port}", "NEO4J_PASSWORD": "x", "INNOGRAPH_TIMEOUT": "2",
           "INNOGRAPH_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = innograph(["stats"], env, timeout=60)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_database_that_stopped_itself_is_reported_as_unavailable() -> None:
    """What Neo4j answers after its disk ran full (tests/soak/disk_full.py): a restart is needed."""
    from neo4j.exceptions import Neo4jError

    from graph.connection import translate_errors
    from graph.settings import Settings

    settings = Settings.from_env({"NEO4J_URI": "bolt://127.0.0.1:7687", "NEO4J_PASSWORD": "x"})
    error = Neo4jError._hydrate_neo4j(code="Neo.DatabaseError.Transaction.TransactionStartFailed",
                                      message="The database has encountered a critical error, and needs to be restarted.")
    with pytest.raises(DatabaseUnavailable, match="cannot serve database 'neo4j' now: .*needs to be restarted"):
        with translate_errors(settings):
            raise error
