"""How far the cluster sources meet the collaboration data: the share of named members and partners
that reach a collaboration tie, directly or through one hierarchy step (issue 12's first figure)."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import Driver

from queries.cypher import read


@dataclass(frozen=True)
class MemberReach:
    named: int  # organisations with MEMBER_OF or PARTNER_OF
    direct: int  # ... with a COLLABORATES_WITH tie of their own
    through_hierarchy: int  # ... with one of their own or of an organisation one SUBUNIT_OF step away

    def share(self, *, hierarchy: bool = True) -> float:
        return (self.through_hierarchy if hierarchy else self.direct) / self.named if self.named else 0.0


def member_reach(driver: Driver, database: str) -> MemberReach:
    return MemberReach(**read(driver, database, "member_reach")[0])
