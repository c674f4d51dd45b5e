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
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, replace
from pathlib import Path

from .connection import check_connection, create_driver
from .errors import AuthenticationFailed, DatabaseUnavailable, LocalServerError
from .settings import Settings, read_password_file

LAUNCHER_CLASS = "org.innograph.localneo4j.LocalNeo4j"
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


def start(settings: Settings, server: LocalServer, *, timeout: float = 120.0) -> str:
    """Start the server in the background unless it already answers; returns a status line."""
    settings = ensure_password(settings)
    if running_pid(server) is not None and _answers(settings):
        return f"Neo4j is already running at {settings.uri} (pid {running_pid(server)})"
    if _port_in_use(server.bolt_port):
        raise LocalServerError(
            f"port {server.bolt_port} is taken by another program: set INNOGRAPH_NEO4J_PORT to a free port"
        )
    target = build_launcher()
    server.home.mkdir(parents=True, exist_ok=True)
    command = [
        "java",
        f"-Xms{server.heap}",
        f"-Xmx{server.heap}",
        *JVM_OPTIONS,
        "-cp",
        f"{target / 'classes'}{os.pathsep}{target / 'lib'}/*",
        LAUNCHER_CLASS,
        "--home", str(server.neo4j_home),
        "--bolt-port", str(server.bolt_port),
        "--http-port", str(server.http_port),
        "--pagecache", server.pagecache,
    ]
    env = {**os.environ, "INNOGRAPH_NEO4J_INITIAL_PASSWORD": settings.password}
    with open(server.log_file, "ab") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=env, start_new_session=True,
        )
    server.pid_file.write_text(str(process.pid))
    started = time.monotonic()
    _wait_until_ready(settings, server, process, timeout)
    return f"Neo4j started at {settings.uri} in {time.monotonic() - started:.1f} s (pid {process.pid})"


def stop(server: LocalServer, *, timeout: float = 60.0) -> str:
    """Stop the server with SIGTERM (Neo4j shuts down cleanly), SIGKILL after ``timeout``."""
    pid = running_pid(server)
    if pid is None:
        server.pid_file.unlink(missing_ok=True)
        return "Neo4j is not running"
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
        _reap(pid)
    server.pid_file.unlink(missing_ok=True)
    return f"Neo4j stopped (pid {pid})"


def status(settings: Settings, server: LocalServer | None) -> str:
    """A status line when the server answers; raises :class:`DatabaseUnavailable` otherwise."""
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
    for path in (server.log_file, server.neo4j_home / "logs" / "debug.log"):
        if path.exists():
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()[-count:]
    return "\n".join(lines[-count:])


def _wait_until_ready(settings: Settings, server: LocalServer, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            server.pid_file.unlink(missing_ok=True)
            raise LocalServerError(
                f"Neo4j exited with status {process.returncode} while starting; last log lines "
                f"({server.log_file}):\n{last_log_lines(server)}"
            )
        if _answers(settings):
            return
        time.sleep(0.5)
    raise LocalServerError(
        f"Neo4j did not answer on {settings.uri} within {timeout:.0f} s; last log lines "
        f"({server.log_file}):\n{last_log_lines(server)}"
    )


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
