"""Writes of indicator actuals entered in the back office (an indicator whose values are not
read from a statistics series)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from pdca import access
from pdca.models import IndicatorValue
from plans.models import Indicator


@transaction.atomic
def indicator_value_save(
    *,
    actor,
    indicator: Indicator,
    period: int,
    value: Decimal,
    source: str = "",
    note: str = "",
    publish: bool | None = None,
) -> IndicatorValue:
    """Enter or correct the actual of one period. The secretariat's values are published
    (unless it says otherwise); a department's wait for the secretariat."""
    if not access.can_enter_indicator_value(actor, indicator):
        raise PermissionDenied
    plan = indicator.plan
    errors = {}
    earliest = min(filter(None, [indicator.baseline_year, plan.start_fiscal_year - 5]))
    if not earliest <= period <= plan.end_fiscal_year + 5:
        errors["period"] = _("%(low)s〜%(high)sの年（度）を入力してください。") % {
            "low": earliest,
            "high": plan.end_fiscal_year + 5,
        }
    if value is None:
        errors["value"] = _("実績値を入力してください。")
    elif value < 0:
        errors["value"] = _("実績値は0以上で入力してください。")
    if errors:
        raise ValidationError(errors)
    secretariat = access.can_review(actor, indicator.local_government)
    if publish is None or not secretariat:
        publish = secretariat
    item = IndicatorValue.objects.filter(indicator=indicator, period=period).first()
    fields = ["value", "source", "note", "is_published"]
    before = audit.snapshot(item, fields) if item else {}
    if item is None:
        item = IndicatorValue(
            local_government=indicator.local_government, indicator=indicator, period=period
        )
    item.value = value
    item.source = source.strip()[:200]
    item.note = note.strip()[:300]
    item.is_published = publish
    item.entered_by = actor
    item.save()
    changes = audit.diff(before, audit.snapshot(item, fields))
    if changes:
        audit.record(
            actor=actor,
            action="pdca.indicator_value_save",
            local_government=indicator.local_government,
            obj=item,
            changes=changes,
        )
        indicator.local_government.bump_content_revision()
    return item


@transaction.atomic
def indicator_value_delete(*, actor, item: IndicatorValue) -> None:
    if not access.can_review(actor, item.local_government):
        raise PermissionDenied
    audit.record(
        actor=actor,
        action="pdca.indicator_value_delete",
        local_government=item.local_government,
        obj=item,
        changes={"value": {"before": item.value, "after": None}},
    )
    item.delete()
    item.local_government.bump_content_revision()
