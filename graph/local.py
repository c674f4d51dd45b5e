"""A local Neo4j Community server for machines without Docker.

The server is the Maven project ``local-neo4j/`` (Neo4j's own server bootstrapper in one small
Java class). This module builds it when needed, starts it in the background with a pid file and a
log, waits until Bolt answers, stops it cleanly and reports its status. Its state lives under
``INNOGRAPH_HOME``: ``neo4j/`` (Neo4j home: conf, data, logs), ``neo4j.pid``, ``neo4j-console.log``
and, unless ``NEO4J_PASSWORD`` is set, ``neo4j-password`` (mode 0600).
"""

from __future__ import annotations

import fcntl
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, replace
from pathlib import Path

from neo4j.exceptions import DriverError, Neo4jError

from .connection import check_connection, create_driver, translate_errors
from .disk import check_free_space_for_load, min_free_mb_from_env
from .errors import AuthenticationFailed, DatabaseFailedToOpen, DatabaseUnavailable, LocalServerError
from .settings import Settings, read_password_file

LAUNCHER_CLASS = "org.innograph.localneo4j.LocalNeo4j"
REPAIR_COMMAND = "innograph db repair"
SHUTDOWN_DONE = "INFO  Stopped."  # the last line Neo4j logs when its shutdown is complete
# Neo4j's words when recovery meets a transaction log that ends in an unreadable (torn) entry.
TORN_LOG_SIGNS = ("Error reading transaction logs, recovery not possible",
                  "Unreadable bytes are encountered after last readable position")
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)


@dataclass(frozen=True)
class LocalServer:
    """Where one local server keeps its state, and how big it may be."""

    home: Path
    bolt_port: int
    http_port: int = 0
    heap: str = "512m"
    pagecache: str = "256m"

    @classmethod
    def from_settings(cls, settings: Settings, env: dict | None = None) -> "LocalServer":
        env = os.environ if env is None else env
        return cls(
            home=settings.home,
            bolt_port=settings.bolt_port,
            http_port=int(env.get("INNOGRAPH_NEO4J_HTTP_PORT") or 7474),
            heap=env.get("INNOGRAPH_NEO4J_HEAP") or "512m",
            pagecache=env.get("INNOGRAPH_NEO4J_PAGECACHE") or "256m",
        )

    @property
    def neo4j_home(self) -> Path:
        return self.home / "neo4j"

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "neo4j-console.log"

    @property
    def debug_log(self) -> Path:
        return self.neo4j_home / "logs" / "debug.log"

    @property
    def data_dir(self) -> Path:
        return self.neo4j_home / "data"


def launcher_dir() -> Path:
    """The ``local-neo4j`` Maven project: beside the packages, or ``INNOGRAPH_LAUNCHER_DIR``."""
    configured = os.environ.get("INNOGRAPH_LAUNCHER_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parent.parent / "local-neo4j"


def build_launcher(project: Path | None = None) -> Path:
    """Compile the launcher and copy its classpath when sources changed; returns ``target/``.

    A file lock serialises concurrent builds (a user's ``db start`` beside the test suite).
    """
    project = project or launcher_dir()
    target = project / "target"
    if not (project / "pom.xml").exists():
        raise LocalServerError(f"the local Neo4j launcher is missing: no {project / 'pom.xml'}")
    if shutil.which("mvn") is None or shutil.which("java") is None:
        raise LocalServerError("the local Neo4j needs Java 17 and Maven (`java` and `mvn` on PATH)")
    target.mkdir(exist_ok=True)
    with open(target / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _is_current(project, target):
            return target
        result = subprocess.run(
            ["mvn", "-q", "-B", "-DskipTests", "package"],
            cwd=project,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
            raise LocalServerError(f"building the local Neo4j launcher failed (mvn package):\n{tail}")
        (target / ".built").touch()
    return target


def ensure_password(settings: Settings) -> Settings:
    """``NEO4J_PASSWORD`` when set; otherwise the stored password, generated once (mode 0600)."""
    if settings.password:
        return settings
    password = read_password_file(settings.password_file)
    if not password:
        settings.home.mkdir(parents=True, exist_ok=True)
        password = secrets.token_urlsafe(24)
        fd = os.open(settings.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password + "\n")
    return replace(settings, password=password)


def start(settings: Settings, server: LocalServer, *, timeout: float = 120.0, truncate_torn_log: bool = False) -> str:
    """Start the server in the background unless it already answers; returns a status line.

    Raises :class:`DatabaseFailedToOpen` as soon as the server is up but its database is not, rather
    than waiting out ``timeout``. ``truncate_torn_log`` is for :func:`repair` only. A file lock in
    the server's home makes a second, simultaneous start wait for the first and find it running,
    instead of launching a second Java process on the same data.
    """
    server.home.mkdir(parents=True, exist_ok=True)
    with open(server.home / ".start.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _start_unlocked(ensure_password(settings), server, timeout, truncate_torn_log)


def _start_unlocked(settings: Settings, server: LocalServer, timeout: float, truncate_torn_log: bool) -> str:
    if running_pid(server) is not None and _port_in_use(server.bolt_port):
        _raise_if_database_failed(settings, server, _recent_log_offsets(server))
        if _answers(settings):
            return f"Neo4j is already running at {settings.uri} (pid {running_pid(server)})"
    _check_ports_free(server)
    target = build_launcher()
    command = [
        "java",
        f"-Xms{server.heap}",
        f"-Xmx{server.heap}",
        *JVM_OPTIONS,
        "-cp",
        # plugins/ as the neo4j script has it: an opt-in extension (GDS) registers from the classpath
        f"{target / 'classes'}{os.pathsep}{target / 'lib'}/*{os.pathsep}{server.neo4j_home / 'plugins'}/*",
        LAUNCHER_CLASS,
        "--home", str(server.neo4j_home),
        "--bolt-port", str(server.bolt_port),
        "--http-port", str(server.http_port),
        "--pagecache", server.pagecache,
        *(["--truncate-torn-log", "true"] if truncate_torn_log else []),
    ]
    env = {**os.environ, "INNOGRAPH_NEO4J_INITIAL_PASSWORD": settings.password}
    log_offsets = _log_offsets(server)
    with open(server.log_file, "ab") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=env, start_new_session=True,
        )
    server.pid_file.write_text(str(process.pid))
    started = time.monotonic()
    _wait_until_ready(settings, server, process, timeout, log_offsets)
    return f"Neo4j started at {settings.uri} in {time.monotonic() - started:.1f} s (pid {process.pid})"


def check_free_space_before_load(settings: Settings, inputs: list[Path]) -> None:
    """Refuse a load into the local server while its disk is nearly full (see :mod:`graph.disk`).

    An external server's disk is not ours to see, so a load into one is not checked.
    """
    if not settings.external:
        check_free_space_for_load(LocalServer.from_settings(settings).data_dir, inputs, min_free_mb_from_env())


def repair(settings: Settings, server: LocalServer, *, timeout: float = 300.0) -> str:
    """Open a database whose transaction log ends in a torn entry, keeping every committed transaction.

    A write that fails half-way (a full disk) leaves an incomplete entry at the end of the log, and
    Neo4j then refuses to open the database. That entry is the transaction that failed, which its
    client already saw rolled back; everything before it is complete. One start with Neo4j's
    ``fail_on_corrupted_log_files=false`` recovers the complete transactions and cuts off the torn
    tail (Neo4j keeps the cut bytes in a zip). The setting only acts while a start recovers the
    logs, and the launcher writes the configuration anew on every start, so the next start is a
    normal one again.
    """
    lines = [stop(server, timeout=timeout)]
    started = time.time()
    try:
        lines.append(start(settings, server, timeout=timeout, truncate_torn_log=True))
    except DatabaseFailedToOpen:
        raise DatabaseFailedToOpen(
            f"the repair did not help: Neo4j still cannot open database '{settings.database}', so the damage is "
            f"more than a torn log tail; restore a backup with `innograph db restore FILE`. Details: {server.debug_log}"
        ) from None
    cut = sorted(path for path in server.data_dir.glob("databases/*/corrupted-*/*.zip") if path.stat().st_mtime >= started)
    if cut:
        lines += [f"cut off a torn transaction-log tail, kept in {path} ({path.stat().st_size} bytes)" for path in cut]
    else:
        lines.append("the transaction logs were whole: nothing was cut off")
    lines.append(f"database '{settings.database}' is open again; re-run the load that failed")
    return "\n".join(lines)


def stop(server: LocalServer, *, timeout: float = 60.0, linger: float = 5.0) -> str:
    """Stop the server with SIGTERM (Neo4j shuts down cleanly), SIGKILL after ``timeout``.

    After a database panic (a full disk) Neo4j logs "Stopped." but its JVM does not exit; once the
    log says so, the process gets ``linger`` seconds before SIGKILL, which can no longer lose anything.
    """
    pid = running_pid(server)
    if pid is None:
        server.pid_file.unlink(missing_ok=True)
        return "Neo4j is not running"
    log_offset = _log_offsets(server)[server.log_file]
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        if SHUTDOWN_DONE in _log_since(server.log_file, log_offset):
            deadline = min(deadline, time.monotonic() + linger)
        time.sleep(0.2)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
        _reap(pid)
    server.pid_file.unlink(missing_ok=True)
    return f"Neo4j stopped (pid {pid})"


def status(settings: Settings, server: LocalServer | None) -> str:
    """A status line when the server answers; raises :class:`DatabaseUnavailable` otherwise.

    For a local server that runs but could not open its database, the reason and the remedy instead.
    """
    if server is not None and running_pid(server) is not None and _port_in_use(server.bolt_port):
        _raise_if_database_failed(settings, server, _recent_log_offsets(server))
    driver = create_driver(settings)
    try:
        version = check_connection(driver, settings)
    finally:
        driver.close()
    where = f"pid {running_pid(server)}" if server and running_pid(server) else "external server"
    return f"Neo4j {version} is running at {settings.uri} ({where}), database '{settings.database}'"


def running_pid(server: LocalServer) -> int | None:
    """The pid from the pid file if that process is alive."""
    try:
        pid = int(server.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if _alive(pid) else None


def last_log_lines(server: LocalServer, count: int = 20) -> str:
    lines: list[str] = []
    for path in (server.log_file, server.debug_log):
        if path.exists():
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()[-count:]
    return "\n".join(lines[-count:])


def _wait_until_ready(
    settings: Settings, server: LocalServer, process: subprocess.Popen, timeout: float, log_offsets: dict[Path, int]
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            server.pid_file.unlink(missing_ok=True)
            raise LocalServerError(
                f"Neo4j exited with status {process.returncode} while starting; last log lines "
                f"({server.log_file}):\n{last_log_lines(server)}"
            )
        if _port_in_use(settings.bolt_port):
            if _start_failed_in_log(settings, log_offsets):
                _raise_database_failed(settings, server, log_offsets, "Neo4j failed to start it.")
            if _answers(settings):
                return
            _raise_if_database_failed(settings, server, log_offsets)
        time.sleep(0.5)
    raise LocalServerError(
        f"Neo4j did not answer on {settings.uri} within {timeout:.0f} s; last log lines "
        f"({server.log_file}):\n{last_log_lines(server)}"
    )


def _start_failed_in_log(settings: Settings, log_offsets: dict[Path, int]) -> bool:
    """Whether Neo4j logged, after ``log_offsets``, that the database failed to start: known at once."""
    pattern = rf"Failed to start DatabaseId\{{\w+\[{re.escape(settings.database)}\]\}}"
    return re.search(pattern, _logs_since(log_offsets)) is not None


def _raise_if_database_failed(settings: Settings, server: LocalServer, log_offsets: dict[Path, int]) -> None:
    """Raise :class:`DatabaseFailedToOpen` when the server is up but reports its database as failed."""
    message = _database_failure(settings)
    if message is not None:
        _raise_database_failed(settings, server, log_offsets, message)


def _raise_database_failed(settings: Settings, server: LocalServer, log_offsets: dict[Path, int], message: str) -> None:
    """The reason from the logs written after ``log_offsets``, and what to do about it."""
    since_start = _logs_since(log_offsets)
    if any(sign in since_start for sign in TORN_LOG_SIGNS):
        raise DatabaseFailedToOpen(
            f"Neo4j is running at {settings.uri} (pid {running_pid(server)}) but cannot open database "
            f"'{settings.database}': its transaction log ends in a torn entry (a write that failed half-way, "
            f"typically on a full disk). Free disk space, then run `{REPAIR_COMMAND}`: it keeps every "
            f"committed transaction and cuts off only the torn one (a rolled-back batch; re-run that load). "
            f"Details: {server.debug_log}"
        )
    raise DatabaseFailedToOpen(
        f"Neo4j is running at {settings.uri} (pid {running_pid(server)}) but cannot open database "
        f"'{settings.database}': {message} {_last_cause(since_start)}Details: {server.debug_log}. "
        f"If the disk was full, free space and run `{REPAIR_COMMAND}`; otherwise restore a backup "
        f"(`innograph db restore FILE`)."
    )


def _database_failure(settings: Settings) -> str | None:
    """Neo4j's status message when the database should be online but is not; None otherwise.

    Asked of the ``system`` database, which answers even when the user's database failed to open,
    in one session without the driver's retries (they would wait for a database that will not come).
    """
    driver = create_driver(replace(settings, timeout=5.0))
    try:
        with translate_errors(settings), driver.session(database="system") as session:
            record = session.run(
                "SHOW DATABASES YIELD name, requestedStatus, currentStatus, statusMessage "
                "WHERE name = $name RETURN requestedStatus, currentStatus, statusMessage",
                name=settings.database,
            ).single()
    except AuthenticationFailed:
        raise
    except (DatabaseUnavailable, Neo4jError, DriverError, OSError):
        return None  # still starting, or no such database: the readiness check says which
    finally:
        driver.close()
    if record is None or record["currentStatus"] == "online" or record["requestedStatus"] != "online":
        return None
    return record["statusMessage"] or None


def _log_offsets(server: LocalServer) -> dict[Path, int]:
    """The current ends of the console log and Neo4j's debug log: this start writes after them."""
    return {path: path.stat().st_size if path.exists() else 0 for path in (server.log_file, server.debug_log)}


def _recent_log_offsets(server: LocalServer, window: int = 2 << 20) -> dict[Path, int]:
    """Where the last ``window`` bytes of each log begin: enough for the messages of the last start."""
    return {path: max(0, end - window) for path, end in _log_offsets(server).items()}


def _logs_since(log_offsets: dict[Path, int]) -> str:
    return "\n".join(_log_since(path, offset) for path, offset in log_offsets.items())


def _log_since(path: Path, offset: int) -> str:
    """The text after ``offset``, or the whole file when it was rotated (is now shorter than that)."""
    try:
        with path.open("rb") as log:
            log.seek(offset if offset <= path.stat().st_size else 0)
            return log.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ""


def _last_cause(log_text: str) -> str:
    causes = [line.strip() for line in log_text.splitlines() if line.startswith("Caused by:")]
    return f"({causes[-1][:300]}). " if causes else ""


def _answers(settings: Settings) -> bool:
    if not _port_in_use(settings.bolt_port):
        return False
    driver = create_driver(replace(settings, timeout=5.0))
    try:
        check_connection(driver, settings)
        return True
    except AuthenticationFailed:
        raise
    except DatabaseUnavailable:
        return False
    finally:
        driver.close()


def _check_ports_free(server: LocalServer) -> None:
    """Before Java starts: a taken port is one line naming it and its variable, not a stack trace.

    innograph does not move to other ports by itself: every command, the dashboard and the
    user's own tools find the server through the same two variables, so a port that moved
    silently would be a server nobody else finds.
    """
    for port, variable in ((server.bolt_port, "INNOGRAPH_NEO4J_PORT"), (server.http_port, "INNOGRAPH_NEO4J_HTTP_PORT")):
        if port and _port_in_use(port):
            raise LocalServerError(
                f"port {port} is taken by another program (a Neo4j Desktop?): set {variable} to a free port"
            )


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _alive(pid: int) -> bool:
    _reap(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _reap(pid: int) -> None:
    """Collect a child that has exited, so it does not linger as a zombie that looks alive."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def _is_current(project: Path, target: Path) -> bool:
    marker = target / ".built"
    if not marker.exists() or not (target / "lib").is_dir():
        return False
    built = marker.stat().st_mtime
    sources = [project / "pom.xml", *(project / "src").rglob("*.java")]
    return all(path.stat().st_mtime <= built for path in sources)
