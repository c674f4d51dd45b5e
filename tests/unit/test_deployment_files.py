"""Docker cannot run on the CI machines, so the compose file is checked by reading it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_neo4j_service_is_5_26_community_with_auth_from_the_environment() -> None:
    neo4j = compose()["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD:\?[^}]*\}", neo4j["environment"]["NEO4J_AUTH"])
    assert "healthcheck" in neo4j and neo4j["healthcheck"]["test"]
    assert {"neo4j-data:/data", "neo4j-logs:/logs"} <= set(neo4j["volumes"])
    assert {"neo4j-data", "neo4j-logs"} <= set(compose()["volumes"])
    env = neo4j["environment"]
    assert env["NEO4J_server_memory_heap_max__size"] and env["NEO4J_server_memory_pagecache_size"]


def test_neo4j_ports_stay_on_the_internal_network_unless_opted_in() -> None:
    spec = compose()
    assert "ports" not in spec["services"]["neo4j"]
    assert spec["networks"]["backend"]["internal"] is True
    override = yaml.safe_load((ROOT / "docker-compose.expose-neo4j.yml").read_text())
    assert all(port.startswith("127.0.0.1:") for port in override["services"]["neo4j"]["ports"])


def test_app_waits_for_a_healthy_neo4j_loads_the_demo_and_serves_8501() -> None:
    app = compose()["services"]["app"]
    assert app["build"] == "."
    assert app["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert "innograph load demo" in " ".join(app["command"])
    assert any(str(port).endswith(":8501") for port in app["ports"])
    assert app["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert (ROOT / "Dockerfile").exists()


def test_no_password_is_written_into_the_deployment_files() -> None:
    for name in ("docker-compose.yml", "docker-compose.expose-neo4j.yml", "Dockerfile"):
        for line in (ROOT / name).read_text().splitlines():
            if line.lstrip().startswith("#"):
                continue
            match = re.match(r"\s*(NEO4J_AUTH|NEO4J_PASSWORD)\s*[:=]\s*(.+)$", line)
            if match:
                assert "${NEO4J_PASSWORD:?" in match.group(2), (name, line)
