"""The ministry's agenda as indicators (Internationalisierung, Digitalisierung, Technologietransfer,
Gründung/KMU, Bildung/Fachkräfte, Innovation) for any group of organisations — a cluster's members,
one organisation, a region's organisations, the whole ecosystem — from plain facts, without a driver.

Pure functions over :class:`Facts` so that every formula (docs/analytics.md "Agenda indicators") is
tested against hand-computed numbers and the dashboard and the CLI show the same figures. ``None``
means *no data*: the sources lack the input (e.g. no firm with an SME flag), never zero.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from graph.countries import GROUPS, group_of

PERIODS = ("FP7 2007–2013", "H2020 2014–2017", "H2020 2018–2020", "2021–")
RESEARCH = frozenset({"University", "ResearchInstitute"})
DIGITAL_PARTS = ("LEIT-ICT", "FET")
DIGITAL_FIELD = "computer and information sciences"
YOUNG_YEARS = 10
TOP_COUNTRIES = 5
BW_REGIONS = ("nuts:DE1", "kreis:08")  # the state's NUTS code and its Kreise (AGS 08…)


@dataclass(frozen=True)
class Project:
    id: str
    acronym: str | None = None
    title: str | None = None
    programme: str | None = None
    programme_part: str | None = None
    topic_code: str | None = None
    topic_title: str | None = None
    funding_scheme: str | None = None
    start_date: str | None = None
    start_year: int | None = None
    countries: tuple[str, ...] = ()  # partner countries abroad (Country nodes)
    fields: tuple[str, ...] = ()  # EuroSciVoc names, up the BROADER chain

    @property
    def described(self) -> bool:
        """Whether any source says what the project is about (programme part, topic, scheme, field)."""
        return bool(self.programme_part or self.topic_code or self.topic_title or self.funding_scheme or self.fields
                    or _marked(self.programme, DIGITAL_PARTS + ("MSCA",)))

    @property
    def digital(self) -> bool:
        topic = (self.topic_code or "").upper()
        return (_marked(self.programme_part, DIGITAL_PARTS) or _marked(self.programme, DIGITAL_PARTS)
                or topic.startswith(("ICT", "FET")) or "digital" in (self.topic_title or "").casefold()
                or DIGITAL_FIELD in (f.casefold() for f in self.fields))

    @property
    def training(self) -> bool:
        """Marie Skłodowska-Curie actions: the Framework Programmes' training and mobility projects."""
        return (_marked(self.programme_part, ("MSCA",)) or _marked(self.programme, ("MSCA",))
                or (self.funding_scheme or "").upper().startswith("MSCA")
                or (self.topic_code or "").upper().startswith("MSCA"))

    @property
    def period(self) -> str | None:
        year = self.start_year
        if year is None:
            return PERIODS[0] if (self.programme or "").upper() == "FP7" else None
        return (PERIODS[0] if 2007 <= year <= 2013 else PERIODS[1] if 2014 <= year <= 2017
                else PERIODS[2] if 2018 <= year <= 2020 else PERIODS[3] if year >= 2021 else None)


def _marked(text: str | None, markers: tuple[str, ...]) -> bool:
    parts = (text or "").upper().replace(";", " ").replace(",", " ").split()
    return any(p == m or p.startswith(m + "-") or p.endswith("-" + m) for p in parts for m in markers)


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    kind: str | None = None
    country: str | None = None
    region: str | None = None
    sme: bool | None = None
    founded: int | None = None
    clusters: tuple[str, ...] = ()
    participations: tuple[tuple[str, str | None, float | None], ...] = ()  # (project, role, EC contribution)

    @property
    def abroad(self) -> bool:
        return (self.country or "DE").upper() != "DE"


@dataclass
class Facts:
    """Everything the indicators read, indexed once."""

    projects: dict[str, Project]
    organisations: dict[str, Organisation]
    clusters: dict[str, str]  # id -> name
    members_of: dict[str, set[str]] = field(init=False)
    orgs_of: dict[str, set[str]] = field(init=False)
    clusters_in: dict[str, set[str]] = field(init=False)  # project -> its participants' clusters

    def __post_init__(self) -> None:
        self.members_of, self.orgs_of, self.clusters_in = defaultdict(set), defaultdict(set), defaultdict(set)
        for org in self.organisations.values():
            for cluster in org.clusters:
                self.members_of[cluster].add(org.id)
            for project, _, _ in org.participations:
                self.orgs_of[project].add(org.id)
                self.clusters_in[project].update(org.clusters)

    def countries_abroad(self, project: str) -> set[str]:
        """Country nodes of the project and the countries of its participating organisations abroad."""
        found = set(self.projects[project].countries) if project in self.projects else set()
        return found | {self.organisations[o].country.upper() for o in self.orgs_of[project]
                        if self.organisations[o].abroad}

    def groups(self, level: str) -> dict[str, tuple[str, set[str]]]:
        """Group id -> (name, member organisations) for ``cluster``, ``region``, ``organisation``, ``ecosystem``."""
        if level == "cluster":
            return {c: (name, set(self.members_of[c])) for c, name in self.clusters.items() if self.members_of[c]}
        if level == "region":
            regions = defaultdict(set)
            for org in self.organisations.values():
                if org.region:
                    regions[org.region].add(org.id)
            return {r: (r, orgs) for r, orgs in sorted(regions.items())}
        if level == "organisation":
            return {o.id: (o.name, {o.id}) for o in self.organisations.values() if o.participations or o.clusters}
        if level == "ecosystem":
            return {"ecosystem": ("Baden-Württemberg", {o.id for o in self.organisations.values()
                                                        if (o.region or "").startswith(BW_REGIONS)})}
        raise ValueError(f"unknown level '{level}'; expected cluster, region, organisation or ecosystem")


def indicators(facts: Facts, members: set[str], keep=None, *, today: date | None = None) -> dict:
    """Every agenda indicator for the organisations ``members``, over the projects ``keep`` accepts
    (all by default). Shares are fractions 0…1; ``None`` is *no data*. Lists are under ``details``."""
    keep = keep or (lambda project: True)
    mine = [(o, p, role, money) for o in members for p, role, money in facts.organisations[o].participations
            if p in facts.projects and keep(facts.projects[p])]
    projects = sorted({p for _, p, _, _ in mine})
    partners = _partners(facts, members, set(projects))
    network = set(members) | {b for pair in partners for b in pair}
    out, details = {"members": len(members), "projects": len(projects)}, {}
    out.update(_international(facts, projects, mine, details))
    out.update(_digital(facts, projects, details))
    out.update(_transfer(facts, members, partners, network, keep, details))
    out.update(_founding(facts, members, today or date.today()))
    out.update(_skills(facts, projects, network, details))
    out.update(_innovation(facts, projects, mine, details))
    out["details"] = details
    return out


def _partners(facts: Facts, members: set[str], projects: set[str]) -> set[tuple[str, str]]:
    """Co-participation ties (member, other organisation) in ``projects``."""
    return {(a, b) for p in projects for a in facts.orgs_of[p] & members for b in facts.orgs_of[p] if b != a}


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _international(facts: Facts, projects: list[str], mine: list, details: dict) -> dict:
    abroad = {p: facts.countries_abroad(p) for p in projects}
    by_country = Counter(c for countries in abroad.values() for c in countries)
    groups = Counter(group_of(c) for countries in abroad.values() for c in countries)
    pairs = sum(groups.values())
    details["top_countries"] = sorted(by_country.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_COUNTRIES]
    details["countries"] = dict(by_country)
    return {
        "intl_share": _share(sum(1 for c in abroad.values() if c), len(projects)),
        "partner_countries": len(by_country) if projects else None,
        "top_countries": ", ".join(f"{c} {n}" for c, n in details["top_countries"]),
        **{f"{g}_share": _share(groups[g], pairs) for g in GROUPS},
        "coordinator_roles": sum(1 for _, _, role, _ in mine if (role or "").casefold() == "coordinator"),
    }


def _digital(facts: Facts, projects: list[str], details: dict) -> dict:
    described = [facts.projects[p] for p in projects if facts.projects[p].described]
    digital = [p for p in described if p.digital]
    details["digital_projects"] = [(p.id, p.acronym or p.title or p.id, p.start_year) for p in digital]
    return {"described_projects": len(described), "digital_share": _share(len(digital), len(described)),
            "digital_projects": len(digital) if described else None}


def _transfer(facts: Facts, members: set[str], partners: set, network: set[str], keep, details: dict) -> dict:
    kind = {o: facts.organisations[o].kind for o in network}
    ties = {frozenset(pair) for pair in partners}
    transfer = [t for t in ties if "Firm" in {kind[o] for o in t} and {kind[o] for o in t} & RESEARCH]
    with_research = {a for a, b in partners if kind[b] in RESEARCH}
    firms = sorted(o for o in members if facts.organisations[o].kind == "Firm")
    alone = [o for o in firms if o not in with_research]
    linking = sorted(o for o in network if kind[o] in RESEARCH and len(_clusters_touched(facts, o, keep)) >= 2)
    details["firms_without_research"] = [facts.organisations[o].name for o in alone]
    details["linking_institutes"] = [facts.organisations[o].name for o in linking]
    return {"ties": len(ties), "transfer_share": _share(len(transfer), len(ties)),
            "firms_without_research": len(alone) if firms else None, "linking_institutes": len(linking)}


def _clusters_touched(facts: Facts, org: str, keep) -> set[str]:
    """The organisation's own clusters and those of its partners in the projects ``keep`` accepts."""
    touched = set(facts.organisations[org].clusters)  # its own: counting it among a project's participants adds nothing
    for project, _, _ in facts.organisations[org].participations:
        if project in facts.projects and keep(facts.projects[project]):
            touched.update(facts.clusters_in[project])
    return touched


def _founding(facts: Facts, members: set[str], today: date) -> dict:
    firms = [facts.organisations[o] for o in members if facts.organisations[o].kind == "Firm"]
    flagged = [f for f in firms if f.sme is not None]
    dated = [f for f in firms if f.founded is not None]
    return {"firms": len(firms),
            "sme_share": _share(sum(1 for f in flagged if f.sme), len(flagged)),
            "smes": sum(1 for f in flagged if f.sme) if flagged else None,
            "young_firms": sum(1 for f in dated if f.founded >= today.year - YOUNG_YEARS) if dated else None}


def _skills(facts: Facts, projects: list[str], network: set[str], details: dict) -> dict:
    universities = sorted(facts.organisations[o].name for o in network if facts.organisations[o].kind == "University")
    described = [facts.projects[p] for p in projects if facts.projects[p].described]
    details["universities"] = universities
    return {"universities": len(universities),
            "training_share": _share(sum(1 for p in described if p.training), len(described))}


def _innovation(facts: Facts, projects: list[str], mine: list, details: dict) -> dict:
    money = [(facts.projects[p].start_year, m) for _, p, _, m in mine if m is not None]
    per_year = Counter(facts.projects[p].start_year for p in projects if facts.projects[p].start_year)
    ec_per_year = defaultdict(float)
    for year, amount in money:
        if year:
            ec_per_year[year] += amount
    details["projects_per_year"] = dict(sorted(per_year.items()))
    details["ec_per_year"] = dict(sorted(ec_per_year.items()))
    return {"ec_contribution": round(sum(m for _, m in money), 2) if money else None,
            "projects_dated": sum(per_year.values())}


def by_period(facts: Facts, members: set[str], *, today: date | None = None) -> dict[str, dict]:
    """The indicators once per Framework Programme period (a project counts in its start period)."""
    return {period: indicators(facts, members, lambda p, period=period: p.period == period, today=today)
            for period in PERIODS}


def by_year(facts: Facts, members: set[str], *, today: date | None = None) -> dict[int, dict]:
    """The indicators once per start year, for the years in which dated projects of the group start."""
    years = sorted({facts.projects[p].start_year for o in members for p, _, _ in facts.organisations[o].participations
                    if p in facts.projects and facts.projects[p].start_year})
    return {year: indicators(facts, members, lambda p, year=year: p.start_year == year, today=today) for year in years}


def before_after(facts: Facts, members: set[str], cut: str, *, today: date | None = None) -> dict[str, dict]:
    """The indicators for projects starting before ``cut`` (ISO date) and from it on. An FP7 project
    without a date counts as *before* when ``cut`` is 2014 or later (FP7 calls closed in 2013);
    otherwise undated projects are left out of both sides."""
    def start(p: Project) -> str | None:
        if p.start_date or p.start_year:
            return p.start_date or f"{p.start_year}-01-01"
        return "2013-12-31" if p.period == PERIODS[0] and cut >= "2014-01-01" else None

    return {"before": indicators(facts, members, lambda p: (start(p) or "9999") < cut, today=today),
            "after": indicators(facts, members, lambda p: (start(p) or "") >= cut, today=today)}


def new_cross_cluster_ties(facts: Facts, cluster: str | None = None) -> dict[str, int]:
    """Per period, the organisation pairs of different clusters whose first shared project starts in it
    (only pairs touching ``cluster`` when given)."""
    first: dict[frozenset, int] = {}
    for project_id, orgs in facts.orgs_of.items():
        project = facts.projects.get(project_id)
        if not project or project.period is None:
            continue
        rank = PERIODS.index(project.period)
        for a, b in combinations(sorted(o for o in orgs if facts.organisations[o].clusters), 2):
            ca, cb = set(facts.organisations[a].clusters), set(facts.organisations[b].clusters)
            if not ca or not cb or not any(x != y for x in ca for y in cb):
                continue
            if cluster and cluster not in ca | cb:
                continue
            pair = frozenset((a, b))
            first[pair] = min(first.get(pair, rank), rank)
    counts = Counter(first.values())
    return {period: counts[i] for i, period in enumerate(PERIODS)}
