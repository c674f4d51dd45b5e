"""The console's read-only guard against generated write variants: mixed case, comments between
tokens, unusual (unicode) whitespace, reads glued in front, several statements. Every variant is
refused before it is sent; and those sent anyway (a sample, through ``run_read_only`` on a real
server) change nothing."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from neo4j import RoutingControl

from graph.errors import InnographError
from queries.console import check_read_only, run_read_only
from queries.errors import WriteRefused
from tests.reliability.conftest import OwnServer

WRITES = (
    "CREATE (n:Organisation {id: 'x'})",
    "MERGE (n:Organisation {id: 'x'})",
    "MATCH (n) SET n.name = 'pwned'",
    "MATCH (n) SET n += {name: 'pwned'}",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n) DELETE n",
    "MATCH (n) REMOVE n.name",
    "MATCH (n) REMOVE n:Organisation",
    "MATCH (n) FOREACH (x IN [1] | CREATE (:Evil))",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "CALL { CREATE (:Evil) } IN TRANSACTIONS",
    "MATCH (n) CALL (n) { SET n.x = 1 } RETURN n",
    "CALL db.createLabel('Evil')",
    "CALL dbms.security.createUser('evil', 'evil', false)",
    "CALL apoc.create.node(['Evil'], {})",
    "DROP CONSTRAINT organisation_id",
    "CREATE INDEX evil FOR (n:Evil) ON (n.x)",
    "ALTER USER neo4j SET PASSWORD 'evil'",
    "CREATE DATABASE evil",
    "USE system SHOW USERS",
    "SHOW USERS",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "GRANT ROLE admin TO neo4j",
    "MATCH (n) RETURN n UNION MATCH (m) CREATE (:Evil) RETURN m AS n",
    "MATCH (n) RETURN COUNT { CREATE (:Evil) } AS c",
    "EXPLAIN CREATE (:Evil)",
    "PROFILE MERGE (:Evil {id: 1})",
    "CALL db.clearQueryCaches()",
)
READ_PREFIXES = ("", "MATCH (o:Organisation) WITH o ", "WITH 1 AS one ", "OPTIONAL MATCH (x) WITH x LIMIT 1 ")
SPACES = (" ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\u1680", "\u2028", "\u2029", "\x0b", "\x0c", "\u205f")
COMMENTS = ("/* c */", "/**/", "// note\n", "/* CREATE */", "/*\n*/")


@st.composite
def write_variants(draw) -> str:
    statement = draw(st.sampled_from(READ_PREFIXES)) + draw(st.sampled_from(WRITES))
    rng = random.Random(draw(st.integers(0, 2**32)))
    out = []
    for word in statement.split(" "):
        if rng.random() < 0.6:  # mixed case, keyword by keyword
            word = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in word) if "'" not in word else word
        out.append(word)
    glue = [rng.choice(SPACES) + (rng.choice(COMMENTS) if rng.random() < 0.3 else "") for _ in out[1:]]
    text = out[0] + "".join(g + w for g, w in zip(glue, out[1:]))
    shape = draw(st.sampled_from(["alone", "after", "before", "trailing"]))
    if shape == "after":
        text = "MATCH (n) RETURN count(n);" + draw(st.sampled_from(SPACES)) + text
    elif shape == "before":
        text = text + " ; MATCH (n) RETURN count(n)"
    elif shape == "trailing":
        text = text + ";" + draw(st.sampled_from(["", " ", "\n"]))
    return text


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cypher=write_variants())
def test_generated_write_variants_are_refused(cypher: str) -> None:
    with pytest.raises(WriteRefused):
        check_read_only(cypher)


def _graph_fingerprint(driver, database: str) -> tuple:
    records, _, _ = driver.execute_query(
        "MATCH (n) RETURN count(n) AS nodes, collect(DISTINCT n.name) AS names, "
        "COUNT { CALL db.labels() YIELD label RETURN label } AS labels",
        database_=database, routing_=RoutingControl.READ)
    return tuple(records[0].values())


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
def test_variants_sent_to_a_real_server_change_nothing(own_server: OwnServer, own_driver) -> None:
    """The whole path a console user has: guard, READ session, server. Nothing may be written."""
    db = own_server.settings.database
    own_driver.execute_query("CREATE (:Organisation {id: 'keep', name: 'Keep GmbH'})", database_=db)
    before = _graph_fingerprint(own_driver, db)
    refused = 0
    samples = [write_variants().example() for _ in range(120)] + list(WRITES)
    for cypher in samples:
        try:
            run_read_only(own_driver, db, cypher, timeout=5)
        except InnographError:
            refused += 1
    assert refused == len(samples)
    assert _graph_fingerprint(own_driver, db) == before


@pytest.mark.parametrize("cypher", [
    "MATCH (n:Organisation) WHERE n.name = 'CREATE' RETURN n",
    "MATCH (n) WHERE n.name CONTAINS 'delete' RETURN n // SET",
    "MATCH (n:`SET`) RETURN n",
    "MATCH (n) RETURN n.name AS `DELETE`",
    "MATCH (n) WHERE n.x = $set RETURN n",
    "CALL db.labels() YIELD label RETURN label",
    "MATCH p=(a)-[*1..3]-(b) RETURN p LIMIT 5",
])
def test_reads_that_look_like_writes_are_allowed(cypher: str) -> None:
    check_read_only(cypher)
