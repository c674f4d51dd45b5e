"""Statements the console must refuse, and reads it must allow, shared by the unit and server tests.

``ESCAPE_ATTACKS`` are the statements of issue 14 that passed the old guard: a ``\\uXXXX`` escape
ends a string, a backticked name or a comment early, or spells a forbidden word. ``{url}`` is
replaced by the address of a local HTTP listener where a test needs one.
"""

from __future__ import annotations

ESCAPE_ATTACKS = [
    # a \u0022 / \u0027 ends the string: LOAD CSV hides "inside" it
    'WITH "x\\u0022 AS a LOAD CSV FROM "{url}" AS l RETURN l //" AS b RETURN b',
    "WITH 'x\\u0027 AS a LOAD CSV FROM '{url}' AS l RETURN l //' AS b RETURN b",
    'RETURN "\\\\\\u0022 AS a LOAD CSV FROM "{url}" AS l RETURN l //" AS b',
    # a \u0060 ends a backticked name
    "RETURN 1 AS `x\\u0060 LOAD CSV FROM '{url}' AS l RETURN l //`",
    # a \u000a / \u000d ends a // comment
    "RETURN 1 AS one // \\u000aLOAD CSV FROM '{url}' AS l RETURN l",
    "RETURN 1 AS one // \\u000d LOAD CSV FROM '{url}' AS l RETURN l",
    # \u002a\u002f ends a /* comment
    "RETURN 1 AS one /* \\u002a/ LOAD CSV FROM '{url}' AS l RETURN l /* */",
    # escapes spell the forbidden words
    "\\u004cOAD CSV FROM '{url}' AS l RETURN l",
    "L\\u004fAD CSV FROM '{url}' AS l RETURN l",
    "\\u0043ALL db.createLabel('Evil')",
    "C\\u0041LL dbms.security.createUser('evil', 'evil', false)",
    "\\u0054ERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "MATCH (n) \\u0053ET n.x = 1",
    "MATCH (n) DETACH \\u0044ELETE n",
    "\\u0043REATE (:Evil)",
    "MATCH (n) RETURN n \\u003b CREATE (:Evil)",
    # broken escapes are refused, not guessed
    "RETURN '\\u00zz' AS x",
    "RETURN 1 AS \\uu0061",
]

CRAFTED = ESCAPE_ATTACKS + [
    "LOAD CSV FROM '{url}' AS l RETURN l",
    "LOAD CSV WITH HEADERS FROM '{url}' AS l RETURN l",
    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    "MATCH (n) WITH n LIMIT 1 LOAD CSV FROM '{url}' AS l RETURN l",
    "CALL { LOAD CSV FROM '{url}' AS l RETURN l } RETURN l",
    "MATCH (n) CALL (n) { SET n.x = 1 } RETURN n",
    "CALL { MATCH (n) RETURN n } IN TRANSACTIONS RETURN n",
    "CALL { CREATE (:Evil) } IN TRANSACTIONS",
    "USE system SHOW USERS",
    "USE system MATCH (n) RETURN n",
    ":auto MATCH (n) RETURN n",
    ":use system",
    "MATCH (n) RETURN n; CREATE (:Evil)",
    "RETURN 1; LOAD CSV FROM '{url}' AS l RETURN l",
    "CALL apoc.load.json('{url}')",
    "CALL apoc.load.csv('{url}')",
    "RETURN apoc.util.md5(['x']) AS h",
    "RETURN apoc.cypher.runFirstColumnSingle('CREATE (n) RETURN n', {}) AS x",
    "RETURN [1, 2, 3][0..apoc.coll.max([1, 2])] AS x",
    "RETURN range(0, 3)[1..apoc.text.join(['1'], '')] AS x",
    "CALL db.createLabel('Evil')",
    "CALL db.clearQueryCaches()",
    "CALL dbms.killQuery('query-1')",
    "SHOW TRANSACTIONS",
    "SHOW PROCEDURES",
    "SHOW USERS",
    "MATCH (n) FOREACH (x IN [1] | SET n.x = x)",
    "MERGE (n:Evil {id: 1}) RETURN n",
    "MATCH (n) RETURN n UNION MATCH (m) CREATE (:Evil) RETURN m AS n",
    "PROFILE MERGE (:Evil {id: 1})",
    "EXPLAIN CREATE (:Evil)",
    "CREATE INDEX evil FOR (n:Evil) ON (n.x)",
    "WITH 1 AS create CREATE (:Evil)",
    "WITH 1 AS load LOAD CSV FROM '{url}' AS l RETURN l",
]

KEYWORD_NAMES = [
    "MATCH (a:Start) RETURN a",
    "MATCH (n:Create) RETURN n",
    "MATCH (n) RETURN n.set AS x",
    "RETURN {create: 1} AS m",
    "RETURN {start: 0}.start AS s",
    "MATCH (n) RETURN n.name AS delete",
    "MATCH (n)-[r:SET|Remove]->(m:Load&!Merge) RETURN r AS call",
    "MATCH (n) WHERE n.load = 1 OR n.call = 2 RETURN n.`create` AS terminate",
    "WITH 1 AS show RETURN 2 AS use",
    "WITH 0 AS start, 3 AS stop UNWIND range(start, stop) AS show RETURN show",
]
