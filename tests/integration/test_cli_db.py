"""`innograph db start | stop | status` as a user runs them, on a server of the test's own."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import neo4j

from tests.neo4j_server import free_port


def run(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args], env=env, capture_output=True, text=True, timeout=timeout,
        cwd=Path(__file__).resolve().parents[2],
    )


def isolated_env(home: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(INNOGRAPH_HOME=str(home), INNOGRAPH_NEO4J_PORT=str(port), INNOGRAPH_NEO4J_HTTP_PORT=str(free_port()),
               INNOGRAPH_NEO4J_HEAP="384m", INNOGRAPH_NEO4J_PAGECACHE="64m", INNOGRAPH_TIMEOUT="5")
    return env


def test_status_without_a_server_is_one_clear_line(tmp_path: Path) -> None:
    port = free_port()
    result = run(["db", "status"], isolated_env(tmp_path, port), timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert f"Neo4j is not reachable at bolt://127.0.0.1:{port}" in result.stderr
    assert "innograph db start" in result.stderr
    assert "Traceback" not in result.stderr


def test_start_status_stop_and_restart_keeps_the_data(tmp_path: Path) -> None:
    port = free_port()
    env = isolated_env(tmp_path, port)
    started = run(["db", "start"], env)
    assert started.returncode == 0, started.stderr
    try:
        password_file = tmp_path / "neo4j-password"
        assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
        password = password_file.read_text().strip()
        assert password not in started.stdout + started.stderr

        status = run(["db", "status"], env)
        assert status.returncode == 0 and "5." in status.stdout, status.stderr
        with neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=("neo4j", password)) as driver:
            driver.execute_query("CREATE (:Marker {id: 'kept'})")

        assert run(["db", "start"], env).stdout.startswith("Neo4j is already running")
        stopped = run(["db", "stop"], env)
        assert stopped.returncode == 0 and "stopped" in stopped.stdout
        assert run(["db", "status"], env, timeout=60).returncode == 1

        assert run(["db", "start"], env).returncode == 0
        with neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=("neo4j", password)) as driver:
            records, _, _ = driver.execute_query("MATCH (m:Marker) RETURN m.id AS id")
        assert [r["id"] for r in records] == ["kept"]
        conf = (tmp_path / "neo4j" / "conf" / "neo4j.conf").read_text()
        assert "server.default_listen_address=127.0.0.1" in conf
        assert "dbms.security.auth_enabled=true" in conf
        logs = "".join(p.read_text(errors="replace") for p in tmp_path.rglob("*.log"))
        assert password not in logs
    finally:
        run(["db", "stop"], env)


def test_wrong_password_is_one_clear_line(neo4j_settings) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(NEO4J_URI=neo4j_settings.uri, NEO4J_PASSWORD="wrong-password", INNOGRAPH_TIMEOUT="5")
    result = run(["db", "status"], env, timeout=60)
    assert result.returncode == 1
    assert "refused the login of user 'neo4j'" in result.stderr
    assert "wrong-password" not in result.stderr


def test_wrong_database_is_one_clear_line(neo4j_settings) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(NEO4J_URI=neo4j_settings.uri, NEO4J_PASSWORD=neo4j_settings.password,
               NEO4J_DATABASE="nosuchdb", INNOGRAPH_TIMEOUT="5")
    result = run(["db", "status"], env, timeout=60)
    assert result.returncode == 1
    assert "has no database 'nosuchdb'" in result.stderr


def test_db_start_with_an_external_uri_says_so(neo4j_settings) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(NEO4J_URI=neo4j_settings.uri, NEO4J_PASSWORD=neo4j_settings.password)
    result = run(["db", "start"], env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert f"NEO4J_URI is set: innograph uses the server at {neo4j_settings.uri}" in result.stdout


def test_two_simultaneous_starts_launch_one_server(tmp_path: Path) -> None:
    env = isolated_env(tmp_path, free_port())
    command = [sys.executable, "-m", "cli.main", "db", "start"]
    starts = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               cwd=Path(__file__).resolve().parents[2]) for _ in range(2)]
    try:
        outcomes = [start.communicate(timeout=300) for start in starts]
        assert [start.returncode for start in starts] == [0, 0], outcomes
        assert sum(out.startswith("Neo4j is already running") for out, _ in outcomes) == 1, outcomes
        assert len(_java_processes_of(tmp_path)) == 1
    finally:
        run(["db", "stop"], env)


def _java_processes_of(home: Path) -> list[int]:
    """Pids of launcher processes whose command line names ``home``."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            continue
        if b"org.innograph.localneo4j.LocalNeo4j" in command and any(str(home).encode() in part for part in command):
            pids.append(int(proc.name))
    return pids


def test_start_with_its_http_port_taken_is_one_line_naming_port_and_variable(tmp_path: Path) -> None:
    """`make run` begins with `innograph db start`: another program on the HTTP port must not end in
    a Java stack trace. The port is held by a listening socket of the test's own."""
    import socket

    env = isolated_env(tmp_path, free_port())
    http_port = int(env["INNOGRAPH_NEO4J_HTTP_PORT"])
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", http_port))
        holder.listen()
        result = run(["db", "start"], env, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert f"port {http_port} is taken" in result.stderr
    assert "INNOGRAPH_NEO4J_HTTP_PORT" in result.stderr
    assert "Traceback" not in result.stderr and "Exception" not in result.stderr
    assert not (tmp_path / "neo4j.pid").exists()  # no Java process was launched


def test_start_with_its_bolt_port_taken_names_the_bolt_variable(tmp_path: Path) -> None:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = run(["db", "start"], isolated_env(tmp_path, port), timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert f"port {port} is taken" in result.stderr and "INNOGRAPH_NEO4J_PORT" in result.stderr

