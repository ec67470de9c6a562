"""The industry gap (employment.gap.selectors): the back office's page for the city (exact counts) and
the public page under /<lg>/jobs/gap/ (public employers only, live cells of 1 to 4 hidden by
core.disclosure's rule, which both the page and its CSV state), each with a CSV download of
its table."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from core.access import public, roles_required
from core.disclosure import SMALL_CELL, hidden_label, rule_text
from core.roles import Role
from core.tenancy import local_government_from_slug, staff_local_government
from core.web.exports import csv_response, export
from employment.gap.selectors import IndustryGap, industry_gap

GAP_READERS = (Role.SECRETARIAT, Role.DEPARTMENT)


def _context(gap: IndustryGap) -> dict:
    return {
        "gap": gap,
        "chart": gap.chart(),
        "small_cell": SMALL_CELL,
        "disclosure_rule": rule_text(),
    }


def _number(value) -> str:
    return "" if value is None else str(value)


def _points(value) -> str:
    if value is None:
        return ""
    return f"+{value}" if value > 0 else str(value)


def _count(value, hidden) -> str:
    return hidden_label(hidden) or _number(value)


def _csv(gap: IndustryGap, filename: str):
    header = [_("業種")]
    if gap.has_statistic:
        header += [_("協力雇用主（計画の統計）社"), _("同 割合（%）")]
    header += [
        _("%(label)s 社") % {"label": gap.employers_label},
        _("同 割合（%）"),
        _("求職者の希望 人"),
        _("同 割合（希望の延べ数に占める%）"),
    ]
    if gap.has_statistic:
        header.append(_("差（希望−統計）ポイント"))
    header.append(_("差（希望−登録）ポイント"))
    rows = []
    for row in gap.rows:
        cells = [row.label]
        if gap.has_statistic:
            cells += [_number(row.statistic), _number(row.statistic_share)]
        seekers = _count(row.seekers, row.seekers_hidden) if gap.seekers_shown else ""
        cells += [
            _count(row.employers, row.employers_hidden),
            _number(row.employer_share),
            seekers,
            _number(row.seeker_share),
        ]
        if gap.has_statistic:
            cells.append(_points(row.difference_statistic))
        cells.append(_points(row.difference_employers))
        rows.append(cells)
    total = [_("合計")]
    if gap.has_statistic:
        total += [_number(gap.statistic_total), ""]
    total += [_number(gap.employers_total), "", "", ""]
    if gap.has_statistic:
        total.append("")
    total.append("")
    notes = [[_("注"), rule_text()]] if gap.public else []
    return csv_response([header, *rows, total, *notes], filename)


@roles_required(*GAP_READERS)
def staff_gap(request):
    local_government = staff_local_government(request)
    gap = industry_gap(local_government)
    return render(request, "employment/matching/gap.html", _context(gap))


@export("csv")
@roles_required(*GAP_READERS)
def staff_gap_csv(request):
    local_government = staff_local_government(request)
    return _csv(industry_gap(local_government), "industry-gap.csv")


@public
def public_gap(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    gap = industry_gap(local_government, public=True)
    return render(request, "employment/matching/public_gap.html", _context(gap))


@export("csv")
@public
def public_gap_csv(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    return _csv(
        industry_gap(local_government, public=True), f"industry-gap-{local_government.slug}.csv"
    )
