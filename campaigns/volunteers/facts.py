"""The recruitment activities of a fiscal year shown beside the progress report of the
measure they report on (registered in pdca.reports.facts by CampaignsConfig.ready())."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns.models import RecruitmentActivity
from campaigns.volunteers.selectors import fiscal_year_bounds
from core.wareki import date_label
from pdca.reports.facts import Fact, FactGroup, register_measure_facts
from plans.models import Measure


def count_text(kind: str, count: int) -> str:
    """120部 (leaflets), 35人 (attendees, candidates), 3 (anything else)."""
    if kind == RecruitmentActivity.Kind.LEAFLETS:
        return _("%(count)s部") % {"count": f"{count:,}"}
    if kind in (RecruitmentActivity.Kind.SESSION, RecruitmentActivity.Kind.CANDIDATES):
        return _("%(count)s人") % {"count": f"{count:,}"}
    return f"{count:,}"


def recruitment_facts(measure: Measure, fiscal_year: int) -> FactGroup | None:
    """The activities linked to `measure` (or to the measure it repeats) held in `fiscal_year`."""
    linked = Q(measure=measure)
    if measure.repeats_id:
        linked |= Q(measure_id=measure.repeats_id)
    items = list(
        RecruitmentActivity.objects.filter(
            linked,
            local_government_id=measure.local_government_id,
            held_on__range=fiscal_year_bounds(fiscal_year),
        ).order_by("held_on", "id")
    )
    if not items:
        return None
    facts, sums = [], {}
    for item in items:
        what = item.get_kind_display()
        if item.audience:
            what = f"{what}（{item.audience}）"
        facts.append(
            Fact(what, date_label(item.held_on), count_text(item.kind, item.count), item.note)
        )
        sums[item.kind] = sums.get(item.kind, 0) + item.count
    labels = dict(RecruitmentActivity.Kind.choices)
    totals = [(str(labels[kind]), count_text(kind, sums[kind])) for kind in labels if kind in sums]
    return FactGroup(
        title=_("保護司などの募集活動（事務局の記録）"),
        facts=facts,
        totals=totals,
        url=reverse("volunteers:recruitment"),
    )


register_measure_facts(recruitment_facts)
