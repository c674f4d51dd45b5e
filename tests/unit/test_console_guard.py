"""The console's guard: writes in every disguise are refused, reads pass, on tokens not raw text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queries.cypher_guard import check_read_only, split_statements, tokenize
from queries.errors import WriteRefused
from tests.console_attacks import CRAFTED, ESCAPE_ATTACKS, KEYWORD_NAMES

WRITES = [
    "CREATE (n:Organisation {id: 'x'})",
    "MATCH (n) SET n.name = 'x'",
    "MATCH (n) SET n:Firm",
    "MERGE (n:Organisation {id: 'x'})",
    "MATCH (n) DELETE n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n) NODETACH DELETE n",
    "MATCH (n) REMOVE n.name",
    "INSERT (n:Organisation {id: 'x'})",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS",
    "MATCH (n) CALL { WITH n RETURN n.id AS id } IN TRANSACTIONS RETURN id",
    "MATCH (n) FOREACH (x IN [1] | SET n.x = x)",
    "DROP CONSTRAINT organisation_id",
    "DROP INDEX organisation_name IF EXISTS",
    "ALTER USER neo4j SET PASSWORD 'x'",
    "GRANT ROLE admin TO neo4j",
    "DENY READ {*} ON GRAPH * TO reader",
    "REVOKE ROLE admin FROM neo4j",
    "USE system SHOW USERS",
    "USE system MATCH (n) RETURN n",
    "SHOW USERS",
    "SHOW TRANSACTIONS",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "START DATABASE neo4j",
    "STOP DATABASE neo4j",
    "CREATE DATABASE other",
    "CREATE INDEX x FOR (n:Organisation) ON (n.x)",
    "CALL apoc.create.node(['X'], {})",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
    "CALL db.createLabel('X')",
    "CALL db.index.fulltext.drop('organisation_names')",
    "CALL dbms.killQuery('query-1')",
    "CALL dbms.security.createUser('x', 'y')",
    "RETURN apoc.cypher.runFirstColumnSingle('CREATE (n) RETURN n', {})",
    "USING PERIODIC COMMIT LOAD CSV FROM 'x' AS r CREATE (n)",
    # mixed case, comments, whitespace, statements
    "match (n) detach delete n",
    "MaTcH (n) DeTaCh DeLeTe n",
    "MATCH (n)/* harmless */DETACH/**/DELETE n",
    "MATCH (n) // read only\nDELETE n",
    "MATCH (n)\u00a0SET\u00a0n.x = 1",
    "MATCH (n)\u3000DELETE n",
    "MATCH (n)\u2003SET n.x = 1",
    "MATCH (n)\tSET\rn.x = 1",
    "MATCH (n) RETURN n; CREATE (m)",
    "MATCH (n) RETURN n;CREATE (m);",
    "RETURN 'a'; MATCH (n) DELETE n",
    # string and name tricks
    "RETURN 'it''s' + \"\\\"\" AS x CREATE (m)",
    "RETURN '\\'' AS x CREATE (m)",
    "RETURN `a``b` AS x CREATE (m)",
    "MATCH (n) WITH n LIMIT 1CREATE (m)",
    "MATCH (n) SET$props",
    "MATCH (n) WITH n \u017fet n.x = 1",
    "\u200bCREATE (n)",
    "CRE\u200bATE (n)",
    "MATCH (n) WITH n \uff23\uff32\uff25\uff21\uff34\uff25 (m)",
    "CALL `apoc`.`create`.`node`(['X'], {})",
    "CALL `apoc.create.node`(['X'], {})",
    "RETURN apoc . create . uuid()",
    "CALL apoc.create.node /* x */ (['X'], {})",
    # unreadable text is refused, not guessed
    "RETURN 'unclosed",
    "RETURN 1 /* unclosed",
    "RETURN `unclosed",
    "// comment\u2028CREATE (n)\nRETURN 1",
    "",
    "   // only a comment",
]

READS = [
    "MATCH (n:Organisation) RETURN n.name LIMIT 5",
    "MATCH (n:Organisation) WHERE n.name = 'CREATE SET DELETE' RETURN n",
    "MATCH (n) WHERE n.note CONTAINS \"DETACH DELETE\" RETURN n // SET\n",
    "MATCH (n) /* MERGE */ RETURN n",
    "MATCH (n) RETURN n.`set` AS `create`",
    "MATCH (n) WHERE n.id = $set RETURN n",
    "MATCH p = (a)-[:COLLABORATES_WITH*1..2]-(b) RETURN p LIMIT 3",
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.index.fulltext.queryNodes('organisation_names', 'Bosch') YIELD node, score RETURN node, score",
    "CALL { MATCH (n) RETURN n } RETURN count(n)",
    "MATCH (n) CALL (n) { RETURN n.id AS id } RETURN id",
    "RETURN point.distance(point({x: 1, y: 1}), point({x: 2, y: 2})) AS d",
    "RETURN date('2020-01-01') AS d, duration.between(date('2020-01-01'), date('2021-01-01')) AS x",
    "MATCH (n) RETURN count { (n)--() } AS degree",
    "MATCH (n) RETURN n;",
    "EXPLAIN MATCH (n) RETURN n",
    "RETURN 1e5 AS x, 0x1F AS y, 1.5 AS z",
]


@pytest.mark.parametrize("cypher", WRITES)
def test_writes_and_admin_in_disguise_are_refused(cypher: str) -> None:
    with pytest.raises(WriteRefused):
        check_read_only(cypher)


@pytest.mark.parametrize("cypher", READS)
def test_reads_pass(cypher: str) -> None:
    check_read_only(cypher)


@pytest.mark.parametrize("cypher", ESCAPE_ATTACKS)
def test_unicode_escapes_are_read_as_neo4j_reads_them(cypher: str) -> None:
    with pytest.raises(WriteRefused):
        check_read_only(cypher.replace("{url}", "http://127.0.0.1:9/"))


def test_crafted_attacks_number_at_least_forty() -> None:
    assert len(set(CRAFTED)) >= 40


@pytest.mark.parametrize("cypher", KEYWORD_NAMES + ["RETURN range({start: 0}, 1, 1)"])
def test_keywords_used_as_names_pass(cypher: str) -> None:
    check_read_only(cypher)


def test_escapes_decode_before_tokens_and_positions_stay_those_typed() -> None:
    typed = r"RETURN '\\u0022' AS \u0061"  # an even run of backslashes is no escape; an odd one is
    tokens = tokenize(typed)
    assert [(t.kind, t.text) for t in tokens] == [("word", "RETURN"), ("string", r"'\\u0022'"), ("word", "AS"), ("word", "a")]
    assert tokens[-1].offset == typed.index(r"\u0061")
    with pytest.raises(WriteRefused, match=r"'LOAD' is not allowed \(line 1, column 20\)"):
        check_read_only(r"WITH 'x\u0027 AS a LOAD CSV FROM 'u' AS l RETURN l //' AS b RETURN b")


def test_refusal_names_the_word_and_position() -> None:
    with pytest.raises(WriteRefused, match=r"'SET' is not allowed \(line 2, column 1\)"):
        check_read_only("MATCH (n)\nSET n.x = 1")


def test_tokenizer_keeps_strings_and_drops_comments() -> None:
    tokens = tokenize("RETURN 'a // b' /* c */ AS `x``y` // d")
    assert [(t.kind, t.text) for t in tokens] == [
        ("word", "RETURN"), ("string", "'a // b'"), ("word", "AS"), ("name", "x`y"),
    ]


def test_split_statements_ignores_semicolons_in_strings_and_comments() -> None:
    script = "CREATE (a {x: ';'});\n// ; not here\nCREATE (b);\n"
    assert split_statements(script) == ["CREATE (a {x: ';'})", "// ; not here\nCREATE (b)"]


FORBIDDEN = ["CREATE", "MERGE", "SET", "DELETE", "DETACH DELETE", "REMOVE", "LOAD CSV FROM 'x' AS", "FOREACH",
             "DROP", "INSERT", "CALL apoc.create.node", "USE system"]
SEPARATORS = [" ", "\n", "\t", "\u00a0", "\u2003", "/* x */", "/**/", " // c\n", "\r\n"]


def _disguise(word: str, flips: list[bool]) -> str:
    return "".join(c.swapcase() if flip else c for c, flip in zip(word, flips + [False] * len(word)))


@settings(max_examples=300, deadline=None)
@given(
    word=st.sampled_from(FORBIDDEN),
    flips=st.lists(st.booleans(), max_size=20),
    before=st.sampled_from(SEPARATORS),
    after=st.sampled_from(SEPARATORS),
    prefix=st.sampled_from(["MATCH (n)", "MATCH (n) WITH n", "RETURN 1 AS one", "MATCH (n) RETURN n;", ""]),
    decoy=st.sampled_from(["", "'CREATE'", "\"; SET\"", "/* DELETE */", "`MERGE`"]),
)
def test_fuzzed_write_variants_are_refused(word, flips, before, after, prefix, decoy) -> None:
    cypher = prefix + before + decoy + before + _disguise(word, flips) + after + "(n)"
    with pytest.raises(WriteRefused):
        check_read_only(cypher)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab '\"`/*\n;\\")), max_size=30))
def test_keywords_inside_strings_and_comments_never_count(text: str) -> None:
    """Wrapping any text safely in a string literal or a block comment makes it harmless."""
    literal = "'" + text.replace("\\", "\\\\").replace("'", "\\'") + " CREATE'"
    check_read_only("RETURN " + literal + " AS x")
    if "*/" not in text:
        check_read_only("RETURN 1 /* " + text + " DELETE */")
