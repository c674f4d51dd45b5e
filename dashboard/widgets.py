"""Widgets several pages share: the subgraph filters, the legend, empty results and errors."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

import pandas as pd
import streamlit as st

from analytics.pair_calibration import odds
from graph.errors import InnographError
from graph.csv_text import csv_text
from queries.partner_chance import chance_years
from queries.selection import Selection

from .graph_view import LegendEntry
from .i18n import formatter, kind_label, language, reason_text, t
from .network_html import escape

if TYPE_CHECKING:
    from queries.overview import FilterOptions

MAP_HEIGHT = 640
DEFAULT_MAP_LIMIT = 150
DEFAULT_EXPORT_LIMIT = 1000
DEFAULT_TOP_BRIDGES = 20


def filter_widgets(options: FilterOptions, *, key: str, with_years: bool = True) -> Selection:
    """The one selection (docs/analytics.md): clusters, kinds, fields, regions, tie strength, years and
    the membership toggles, the same on every page."""
    german = language() == "de"
    cluster_names = {c.id: c.name for c in options.clusters}
    field_names = {f.id: (f.name_de if german and f.name_de else f.name) for f in options.fields}
    region_names = {r.id: r.name for r in options.regions}
    left, right = st.columns(2)
    with left:
        clusters = st.multiselect(
            t("filter.clusters"), list(cluster_names), format_func=cluster_names.get,
            key=f"{key}.clusters", help=t("filter.clusters_help"), placeholder=t("filter.all"),
        )
        kinds = st.multiselect(
            t("filter.kinds"), options.kinds, format_func=formatter("kind."),
            key=f"{key}.kinds", help=t("filter.kinds_help"), placeholder=t("filter.all"),
        )
        min_weight = st.slider(
            t("filter.min_weight"), 1, 10, 1, key=f"{key}.min_weight", help=t("filter.min_weight_help")
        )
        partners = st.toggle(
            t("filter.partners"), value=False, key=f"{key}.partners", help=t("filter.partners_help"))
        hierarchy = st.toggle(
            t("filter.hierarchy"), value=True, key=f"{key}.hierarchy", help=t("filter.hierarchy_help"))
    with right:
        fields = st.multiselect(
            t("filter.fields"), list(field_names), format_func=field_names.get,
            key=f"{key}.fields", help=t("filter.fields_help"), placeholder=t("filter.all"),
        )
        regions = st.multiselect(
            t("filter.regions"), list(region_names), format_func=region_names.get,
            key=f"{key}.regions", help=t("filter.regions_help"), placeholder=t("filter.all"),
        )
        years = None
        if with_years and options.first_year and options.last_year and options.first_year < options.last_year:
            chosen = st.slider(
                t("filter.years"), int(options.first_year), int(options.last_year),
                (int(options.first_year), int(options.last_year)), key=f"{key}.years", help=t("filter.years_help"),
            )
            if chosen != (options.first_year, options.last_year):
                years = (int(chosen[0]), int(chosen[1]))
    return Selection(clusters=tuple(clusters), fields=tuple(fields), kinds=tuple(kinds), regions=tuple(regions),
                     years=years, min_weight=int(min_weight), include_partners=partners, no_hierarchy=not hierarchy)


def legend(entries: Sequence[LegendEntry], *, title: str) -> None:
    """Colour chips with counts; names come from data, so they are escaped (st.html sanitises too)."""
    chips = "".join(
        f'<span style="display:inline-block;margin:0 12px 4px 0;white-space:nowrap">'
        f'<span style="display:inline-block;width:12px;height:12px;border-radius:6px;'
        f'background:{escape(entry.colour)};margin-right:4px;vertical-align:middle"></span>'
        f"{escape(entry.key)} ({entry.count})</span>"
        for entry in entries
    )
    st.html(f'<div style="font-size:0.9rem"><b>{escape(title)}</b><br>{chips}</div>')


def show_empty(hint_key: str) -> None:
    """A query returned nothing: say so and what to change."""
    st.info(t("empty.title") + " " + t(hint_key), icon=":material/search_off:")


@contextmanager
def empty_on(hint_key: str, *errors: type[Exception]) -> Iterator[None]:
    """Turn "nothing matched" errors of a query into the localised empty message and stop the page."""
    try:
        yield
    except errors:
        show_empty(hint_key)
        st.stop()


def show_error(exc: InnographError) -> None:
    """An innograph error as its one readable line."""
    st.warning(str(exc), icon=":material/error:")


def network_frame(page_html: str, *, title: str) -> None:
    """Embed generated map HTML (already escaped by network_html) without temporary files."""
    st.iframe(page_html, height=MAP_HEIGHT + 20, alt=title)


def profile_picker(choices: Sequence[tuple[str, str]], *, key: str, profile_of: Callable[[str], object],
                   partners_of: Callable[[str], list] | None = None) -> None:
    """The profile section under a map: pick one of the drawn nodes (id, name), see its profile and,
    for an organisation, on request the partners it could work with (``partners_of``)."""
    st.subheader(t("profile.title"))
    names = dict(choices)
    chosen = st.selectbox(t("profile.choose"), list(names), index=None, format_func=names.get,
                          placeholder=t("profile.placeholder"), key=key, help=t("profile.help"))
    if chosen:
        profile = profile_of(chosen)
        profile_panel(profile)
        if partners_of is not None and profile is not None and "Organisation" in profile.labels:
            partner_suggestions(profile.name, lambda: partners_of(chosen), key=f"{key}.partners")


def partner_suggestions(name: str, rows_of: Callable[[], list], *, key: str) -> None:
    """"Partner für … / Partners for …": asked for with a toggle, since it reads the organisation's
    two-hop neighbourhood (a second or two on a national graph)."""
    if not st.toggle(t("profile.partners_for", name=name), key=key, help=t("profile.partners_for_help")):
        return
    with st.spinner(t("profile.partners_for_progress")):
        rows = rows_of()
    if not rows:
        st.info(t("profile.partners_for_none"))
        return
    calibrated = any(row.chance is not None for row in rows)
    st.dataframe(pd.DataFrame([{
        t("cross.col.candidate"): row.candidate, t("cross.col.candidate_kind"): kind_label(row.candidate_kind),
        t("cross.col.score"): row.score,
        **({t("cross.col.chance"): chance_text(row.chance)} if calibrated else {}),
        t("cross.col.reasons"): "; ".join(reason_text("cross.why.", part) for part in row.reason_parts),
    } for row in rows]), hide_index=True, width="stretch")
    chance_caption(rows)


def chance_text(share: float | None) -> str:
    """"etwa 1 von 4" / "about 1 in 4" for a calibrated chance (queries.partner_chance), "" without one."""
    if share is None:
        return ""
    found = odds(share)
    return t("cross.chance", k=found[0], n=found[1]) if found else t("cross.chance_low")


def chance_caption(rows: list) -> None:
    """What the chance column means, with the years it was replayed on."""
    years = chance_years(rows)
    if years:
        st.caption(t("cross.chance_help", years=years, before=years[:4]))


def profile_panel(profile) -> None:
    """Kind, location, clusters, fields, top partners and sources of one node."""
    if profile is None:
        st.info(t("profile.missing"))
        return
    german = language() == "de"
    props = profile.props
    st.markdown(f"#### {_md(profile.name)}")
    first, second, third = st.columns(3)
    first.metric(t("profile.kind"), kind_label(profile.kind))
    if profile.other_kinds:  # the kinds that lost to the precedence (docs/data-model.md) stay visible
        first.caption(_md(t("profile.also_stated", kinds=", ".join(
            f"{kind_label(kind)} ({source.removeprefix('src:')})" for kind, source in profile.other_kinds))))
    place = ", ".join(dict.fromkeys(str(v) for v in (props.get("city"), profile.region, props.get("country")) if v))
    second.metric(t("profile.location"), place or "—")
    third.metric(t("profile.projects"), profile.projects)
    if profile.members:
        st.caption(t("profile.members", n=profile.members))
    details = {
        t("profile.clusters"): ", ".join(profile.clusters) or "—",
        t("profile.fields"): ", ".join(f["name_de"] if german else f["name"] for f in profile.fields) or "—",
        t("profile.partners"): ", ".join(f"{p['name']} ({p['weight']})" for p in profile.partners) or "—",
        t("profile.sources"): ", ".join(profile.source_names) or "—",
    }
    if "Project" in profile.labels:
        details.update(_project_details(props))
    elif profile.recent_projects:
        details[t("profile.recent_projects")] = "; ".join(project_line(p) for p in profile.recent_projects)
    for metric in ("betweenness", "pagerank", "participation", "constraint", "community"):
        if props.get(metric) is not None:
            details[t(f"profile.metric.{metric}")] = _number(props[metric])
    for label, value in details.items():
        st.markdown(f"**{_md(label)}:** {_md(value)}")


def _project_details(props: dict) -> dict[str, str]:
    """What describes a project where the sources know it: title, topic, programme part, period."""
    topic = " – ".join(str(v) for v in (props.get("topic_code"), props.get("topic_title")) if v)
    programme = " ".join(str(v) for v in (props.get("programme"), props.get("programme_part")) if v)
    shown = {t("profile.acronym"): props.get("acronym"), t("profile.project_title"): props.get("title"),
             t("profile.topic"): topic, t("profile.programme"): programme, t("profile.period"): props.get("period")}
    return {label: str(value) for label, value in shown.items() if value}


def project_line(project: dict) -> str:
    """``HOMESKIN (2015–2018, H2020 LEIT, Materials for building envelope)``: a project in one line."""
    programme = " ".join(v for v in (project.get("programme"), project.get("part")) if v)
    about = ", ".join(v for v in (project.get("period"), programme, project.get("topic")) if v)
    name = project.get("acronym") or project.get("title") or project["id"]
    return f"{name} ({about})" if about else name


def _number(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _md(text: object) -> str:
    """Data shown through Markdown: no HTML (Streamlit escapes it) and no Markdown syntax either."""
    special = "\\`*_{}[]()<>#+-.!|~$"
    return "".join("\\" + ch if ch in special else ch for ch in str(text))


def csv_bytes(frame) -> bytes:
    """A table as spreadsheet-safe CSV (formula injection neutralised) for a download button."""
    return csv_text([str(c) for c in frame.columns], frame.itertuples(index=False, name=None)).encode("utf-8")


_UNKNOWN = "–"  # a source that does not state its licence, date or attribution (not "None")


def sources_table(sources, *, with_url: bool = False) -> None:
    """The data sources with licence, as-of date, node count and attribution (overview, data page)."""
    rows = []
    for source in sources:
        row = {
            t("data.col.source"): source.name,
            t("data.col.licence"): source.licence or _UNKNOWN,
            t("data.col.retrieved"): source.retrieved or _UNKNOWN,
            t("data.col.nodes"): source.nodes,
            t("data.col.attribution"): source.attribution or _UNKNOWN,
        }
        if with_url:
            row[t("data.col.url")] = source.url
        rows.append(row)
    config = {t("data.col.url"): st.column_config.LinkColumn()} if with_url else None
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config=config)
