"""The industry gap (employment.gap): the back office's page for the city (exact counts) and
the public page under /<lg>/jobs/gap/ (aggregates, seeker cells under 5 hidden), each with a
CSV download of its table."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from core.access import public, roles_required
from core.listing import csv_response
from core.roles import Role
from core.tenancy import local_government_from_slug, staff_local_government
from employment.gap import IndustryGap, industry_gap
from employment.matching import SMALL_CELL

GAP_READERS = (Role.SECRETARIAT, Role.DEPARTMENT)


def _context(gap: IndustryGap) -> dict:
    return {"gap": gap, "chart": gap.chart(), "small_cell": SMALL_CELL}


def _number(value) -> str:
    return "" if value is None else str(value)


def _points(value) -> str:
    if value is None:
        return ""
    return f"+{value}" if value > 0 else str(value)


def _csv(gap: IndustryGap, filename: str):
    hidden = _("%(limit)s人未満") % {"limit": SMALL_CELL}
    header = [_("業種")]
    if gap.has_statistic:
        header += [_("協力雇用主（計画の統計）社"), _("同 割合（%）")]
    header += [
        _("登録されている協力雇用主 社"),
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
        seekers = hidden if row.seekers_hidden and gap.seekers_shown else _number(row.seekers)
        cells += [row.employers, _number(row.employer_share), seekers, _number(row.seeker_share)]
        if gap.has_statistic:
            cells.append(_points(row.difference_statistic))
        cells.append(_points(row.difference_employers))
        rows.append(cells)
    total = [_("合計")]
    if gap.has_statistic:
        total += [_number(gap.statistic_total), ""]
    total += [gap.employers_total, "", "", ""]
    if gap.has_statistic:
        total.append("")
    total.append("")
    return csv_response([header, *rows, total], filename)


@roles_required(*GAP_READERS)
def staff_gap(request):
    local_government = staff_local_government(request)
    gap = industry_gap(local_government)
    return render(request, "employment/matching/gap.html", _context(gap))


@roles_required(*GAP_READERS)
def staff_gap_csv(request):
    local_government = staff_local_government(request)
    return _csv(industry_gap(local_government), "industry-gap.csv")


@public
def public_gap(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    gap = industry_gap(local_government, public=True)
    return render(request, "employment/matching/public_gap.html", _context(gap))


@public
def public_gap_csv(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    return _csv(
        industry_gap(local_government, public=True), f"industry-gap-{local_government.slug}.csv"
    )
