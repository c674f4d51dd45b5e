"""Nobody in, nothing out: the local server listens on loopback only with authentication on, the
generated password file is its owner's alone, and the password appears in no output, report, log,
export or dashboard text of a representative run."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

import neo4j
import pytest

from graph import local
from graph.settings import Settings
from tests.reliability.conftest import OwnServer, innograph
from tests.reliability.workbook_gen import write_synthetic_workbook


def _listening(pid: int) -> list[tuple[str, int]]:
    """(address, port) of every listening TCP socket the process holds, from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and inode in inodes:  # 0A = LISTEN
                host, port = address.split(":")
                found.append((_address(host, width), int(port, 16)))
    return found


def _address(hex_host: str, width: int) -> str:
    raw = bytes.fromhex(hex_host)
    if width == 8:
        return ".".join(str(b) for b in raw[::-1])
    words = [raw[i:i + 4][::-1] for i in range(0, 16, 4)]  # each 32-bit word is little-endian
    return ":".join(b"".join(words)[i:i + 2].hex() for i in range(0, 16, 2))


LOOPBACK = {"127.0.0.1", "0000:0000:0000:0000:0000:0000:0000:0001", "0000:0000:0000:0000:0000:ffff:7f00:0001"}


def test_local_server_listens_on_loopback_only(own_server: OwnServer) -> None:
    own_server.restart()
    pid = local.running_pid(own_server.server)
    sockets = _listening(pid)
    assert any(port == own_server.settings.bolt_port for _, port in sockets), sockets
    assert {address for address, _ in sockets} <= LOOPBACK, sockets


def test_authentication_is_on(own_server: OwnServer) -> None:
    own_server.restart()
    with neo4j.GraphDatabase.driver(own_server.settings.uri, auth=None) as driver:
        with pytest.raises((neo4j.exceptions.AuthError, neo4j.exceptions.ClientError)):
            driver.verify_connectivity()


def test_generated_password_file_is_owner_only_even_with_an_open_umask(tmp_path) -> None:
    settings = Settings.from_env({"INNOGRAPH_HOME": str(tmp_path / "home")})
    previous = os.umask(0)
    try:
        local.ensure_password(settings)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(settings.password_file.stat().st_mode) == 0o600
    assert replace(settings, password="visible").__repr__().count("visible") == 0


def test_password_appears_nowhere(own_server: OwnServer, own_driver, tmp_path) -> None:
    """A representative session: load, analyse, query, export in every format, failures included."""
    password = own_server.settings.password
    env = own_server.env(INNOGRAPH_HOME=str(tmp_path / "home"))
    workbook = write_synthetic_workbook(tmp_path / "wb", organisations=60, projects=30, clusters=3)
    exports = tmp_path / "exports"
    exports.mkdir()
    commands = [
        ["db", "status"],
        ["load", "workbook", str(workbook), "--quiet"],
        ["analyze"],
        ["stats", "--format", "json"],
        ["bridges", "--format", "csv"],
        ["communities"],
        ["query", "MATCH (o:Organisation) RETURN o LIMIT 3", "--format", "json"],
        ["query", "CALL dbms.showCurrentUser()"],
        ["query", "SHOW USERS"],
        ["query", "RETURN $p", "--param", "p=1"],
        *[["export", "--format", fmt, "-o", str(exports / f"all.{fmt}")] for fmt in ("graphml", "gexf", "json", "csv", "cypher")],
    ]
    outputs = []
    for argv in commands:
        result = innograph(argv, env, timeout=300)
        outputs.append(f"$ {' '.join(argv)} -> {result.returncode}\n{result.stdout}\n{result.stderr}")
    for argv in (["stats"], ["db", "status"]):  # failures: wrong database, server unreachable
        outputs.append(innograph(argv, {**env, "NEO4J_DATABASE": "nope"}, timeout=120).stderr)
        outputs.append(innograph(argv, {**env, "NEO4J_URI": "bolt://127.0.0.1:1"}, timeout=120).stderr)
    text = "\n".join(outputs)
    assert "Traceback" not in text
    assert text.count("-> 0") >= len(commands) - 2, text[-3000:]  # the two refused console queries may fail
    places = [p for p in (tmp_path / "home").rglob("*") if p.is_file()]
    places += [p for p in exports.iterdir()]
    places += [p for p in own_server.server.home.rglob("*") if p.is_file() and (p.suffix == ".log" or "log" in p.name)]
    leaked = [str(p) for p in places if password.encode() in p.read_bytes()]
    assert password not in text
    assert leaked == []
    assert len(places) >= 8  # exports, reports and the server's logs were really read
