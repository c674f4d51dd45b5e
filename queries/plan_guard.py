"""The server decides what is read-only: the plan Neo4j would run, checked against read operators.

Before a console statement runs, it is sent with ``EXPLAIN`` (planned, never executed) in the same
READ session. The plan is what Neo4j would execute, so escapes, comments, strings and odd
spellings cannot disguise a write from it. A statement is refused when its plan contains any
operator outside :data:`READ_OPERATORS` (``LoadCSV``, every create/merge/set/remove/delete and
foreach operator, ``CALL … IN TRANSACTIONS``, ``SHOW`` and administration commands), a procedure
outside :data:`queries.cypher_guard.READ_PROCEDURES`, or when the server itself types the
statement as writing.

>>> plan_refusal({"operatorType": "ProduceResults@neo4j", "args": {},
...               "children": [{"operatorType": "LoadCSV@neo4j", "args": {}}]}, "r")
'the server would run LOAD CSV (it reads files or URLs)'
>>> plan_refusal({"operatorType": "ProcedureCall@neo4j", "args": {"Details": "db.labels() :: (label :: STRING)"}}, "r")
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Mapping

import neo4j

from .cypher_guard import READ_PROCEDURES
from .errors import WriteRefused

# Operators of Neo4j 5 plans that only read (names as ``operatorType`` gives them, without "@neo4j").
READ_OPERATORS = frozenset(
    {
        # leaves: scans, seeks, counts
        "Argument", "AllNodesScan", "NodeByLabelScan", "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan",
        "SubtractionNodeByLabelsScan", "NodeByIdSeek", "NodeByElementIdSeek", "NodeIndexSeek",
        "NodeUniqueIndexSeek", "NodeIndexSeekByRange", "NodeUniqueIndexSeekByRange", "NodeIndexScan",
        "NodeIndexContainsScan", "NodeIndexEndsWithScan", "MultiNodeIndexSeek", "AssertingMultiNodeIndexSeek",
        "DirectedRelationshipByIdSeek", "UndirectedRelationshipByIdSeek", "DirectedRelationshipByElementIdSeek",
        "UndirectedRelationshipByElementIdSeek", "DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan",
        "DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan", "DirectedUnionRelationshipTypesScan",
        "UndirectedUnionRelationshipTypesScan", "DirectedRelationshipIndexSeek", "UndirectedRelationshipIndexSeek",
        "DirectedRelationshipUniqueIndexSeek", "UndirectedRelationshipUniqueIndexSeek",
        "DirectedRelationshipIndexSeekByRange", "UndirectedRelationshipIndexSeekByRange",
        "DirectedRelationshipUniqueIndexSeekByRange", "UndirectedRelationshipUniqueIndexSeekByRange",
        "DirectedRelationshipIndexScan", "UndirectedRelationshipIndexScan", "DirectedRelationshipIndexContainsScan",
        "UndirectedRelationshipIndexContainsScan", "DirectedRelationshipIndexEndsWithScan",
        "UndirectedRelationshipIndexEndsWithScan", "NodeCountFromCountStore", "RelationshipCountFromCountStore",
        # traversal
        "Expand(All)", "Expand(Into)", "OptionalExpand(All)", "OptionalExpand(Into)", "VarLengthExpand(All)",
        "VarLengthExpand(Into)", "VarLengthExpand(Pruning)", "VarLengthExpand(Pruning,BFS,All)",
        "VarLengthExpand(Pruning,BFS,Into)", "ShortestPath", "StatefulShortestPath(All)",
        "StatefulShortestPath(Into)", "Trail", "Repeat(Trail)", "Repeat(Walk)", "ProjectEndpoints",
        "TriadicSelection", "TriadicBuild", "TriadicFilter", "AssertSameNode", "AssertSameRelationship",
        # rows
        "ProduceResults", "Projection", "Filter", "Limit", "ExhaustiveLimit", "Skip", "Sort", "PartialSort", "Top",
        "PartialTop", "Top1WithTies", "Distinct", "OrderedDistinct", "EagerAggregation", "OrderedAggregation",
        "Unwind", "PartitionedUnwind", "CacheProperties", "Eager", "EmptyResult", "EmptyRow", "Optional", "Anti",
        "NullifyMetadata", "PreserveOrder", "CartesianProduct", "NodeHashJoin", "ValueHashJoin",
        "NodeLeftOuterHashJoin", "NodeRightOuterHashJoin", "Union", "OrderedUnion", "Apply", "SemiApply",
        "AntiSemiApply", "LetSemiApply", "LetAntiSemiApply", "SelectOrSemiApply", "SelectOrAntiSemiApply",
        "LetSelectOrSemiApply", "LetSelectOrAntiSemiApply", "RollUpApply", "ConditionalApply",
        "AntiConditionalApply",
        # checked by name against READ_PROCEDURES
        "ProcedureCall",
    }
)
_WHAT = {
    "LoadCSV": "LOAD CSV (it reads files or URLs)",
    "TransactionApply": "CALL … IN TRANSACTIONS",
    "TransactionForeach": "CALL … IN TRANSACTIONS",
    "AdministrationCommand": "an administration command",
}
_WRITING_QUERY_TYPES = ("w", "rw")
_PROCEDURE = re.compile(r"^\s*([\w.`]+?)\s*\(")


def check_plan(session: neo4j.Session, cypher: str, params: Mapping[str, Any], timeout: float) -> None:
    """``EXPLAIN`` the statement in ``session`` and raise :class:`WriteRefused` unless it only reads."""
    result = session.run(neo4j.Query("EXPLAIN " + cypher, timeout=timeout), dict(params))
    summary = result.consume()
    reason = plan_refusal(summary.plan or {}, summary.query_type or "")
    if reason:
        raise WriteRefused(f"the console only reads: {reason}")


def plan_refusal(plan: Mapping[str, Any], query_type: str) -> str | None:
    """Why the plan does more than read, or ``None`` when every operator of it reads."""
    if not plan:
        return "the server gave no plan to check"
    for operator in _operators(plan):
        name = str(operator.get("operatorType", "")).split("@")[0]
        if name not in READ_OPERATORS:
            return "the server would run " + _WHAT.get(name, f"'{name}', which is not a read operator")
        if name == "ProcedureCall":
            procedure = _procedure_name(operator)
            if procedure.lower() not in READ_PROCEDURES:
                return f"procedure '{procedure}' is not on the console's read-only list"
    if query_type in _WRITING_QUERY_TYPES:
        return "the server types the statement as writing"
    return None


def _operators(plan: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield plan
    for child in plan.get("children") or ():
        yield from _operators(child)


def _procedure_name(operator: Mapping[str, Any]) -> str:
    details = str((operator.get("args") or {}).get("Details", ""))
    match = _PROCEDURE.match(details)
    return match.group(1).replace("`", "") if match else details or "(unnamed)"
