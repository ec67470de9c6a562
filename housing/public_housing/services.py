"""Writes of the 市営住宅 rounds and rules: the secretariat of the record's body only, one
transaction each, validated, with an audit entry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.access import require_secretariat_of
from housing.models import PublicHousingRound, PublicHousingRule

ROUND_FIELDS = (
    "kind",
    "title",
    "application_from",
    "application_until",
    "units",
    "description",
    "contact",
    "url",
)
RULE_FIELDS = ("title", "body", "source_note")


def _apply_round(housing_round: PublicHousingRound, values: dict[str, Any]) -> None:
    for name in ROUND_FIELDS:
        if name in values:
            setattr(housing_round, name, values[name])
    housing_round.title = (housing_round.title or "").strip()
    until, start = housing_round.application_until, housing_round.application_from
    if until is not None and start is not None and until < start:
        raise ValidationError(
            {"application_until": _("受付終了日は受付開始日と同じか、それより後にしてください。")}
        )
    housing_round.full_clean(exclude=["local_government"])


@transaction.atomic
def round_create(*, actor, local_government, values: dict[str, Any]) -> PublicHousingRound:
    """A new round, not published yet."""
    require_secretariat_of(actor, local_government)
    housing_round = PublicHousingRound(local_government=local_government, is_published=False)
    _apply_round(housing_round, values)
    housing_round.save()
    audit.record(
        actor=actor,
        action="housing.public_housing_round_create",
        local_government=local_government,
        obj=housing_round,
        changes=audit.snapshot(housing_round, ROUND_FIELDS),
    )
    return housing_round


@transaction.atomic
def round_update(*, actor, housing_round: PublicHousingRound, values: dict[str, Any]):
    housing_round = PublicHousingRound.objects.select_for_update().get(pk=housing_round.pk)
    require_secretariat_of(actor, housing_round.local_government)
    before = audit.snapshot(housing_round, ROUND_FIELDS)
    _apply_round(housing_round, values)
    housing_round.save()
    changes = audit.diff(before, audit.snapshot(housing_round, ROUND_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="housing.public_housing_round_update",
            local_government=housing_round.local_government,
            obj=housing_round,
            changes=changes,
        )
    return housing_round


@transaction.atomic
def round_set_published(*, actor, housing_round: PublicHousingRound, published: bool):
    """Publish (or take off the public page) a round; doing it twice changes nothing."""
    housing_round = PublicHousingRound.objects.select_for_update().get(pk=housing_round.pk)
    require_secretariat_of(actor, housing_round.local_government)
    if housing_round.is_published == published:
        return housing_round
    housing_round.is_published = published
    housing_round.save(update_fields=["is_published", "updated_at"])
    audit.record(
        actor=actor,
        action="housing.public_housing_round_publish"
        if published
        else "housing.public_housing_round_unpublish",
        local_government=housing_round.local_government,
        obj=housing_round,
        changes={"is_published": {"before": not published, "after": published}},
    )
    return housing_round


def _apply_rule(rule: PublicHousingRule, values: dict[str, Any]) -> None:
    for name in RULE_FIELDS:
        if name in values:
            setattr(rule, name, values[name])
    rule.title = (rule.title or "").strip()
    rule.full_clean(exclude=["local_government"])


@transaction.atomic
def rule_create(*, actor, local_government, values: dict[str, Any]) -> PublicHousingRule:
    """A new rule, placed last."""
    require_secretariat_of(actor, local_government)
    last = (
        PublicHousingRule.objects.select_for_update()
        .filter(local_government=local_government)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
    )
    rule = PublicHousingRule(local_government=local_government, order=(last or 0) + 1)
    _apply_rule(rule, values)
    rule.save()
    audit.record(
        actor=actor,
        action="housing.public_housing_rule_create",
        local_government=local_government,
        obj=rule,
        changes=audit.snapshot(rule, RULE_FIELDS),
    )
    return rule


@transaction.atomic
def rule_update(*, actor, rule: PublicHousingRule, values: dict[str, Any]) -> PublicHousingRule:
    rule = PublicHousingRule.objects.select_for_update().get(pk=rule.pk)
    require_secretariat_of(actor, rule.local_government)
    before = audit.snapshot(rule, RULE_FIELDS)
    _apply_rule(rule, values)
    rule.save()
    changes = audit.diff(before, audit.snapshot(rule, RULE_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="housing.public_housing_rule_update",
            local_government=rule.local_government,
            obj=rule,
            changes=changes,
        )
    return rule


@transaction.atomic
def rule_move(*, actor, rule: PublicHousingRule, up: bool) -> None:
    """Swap the rule with the one before (up) or after it; at either end nothing moves. The
    body's rules are renumbered 1, 2, 3 … on the way."""
    require_secretariat_of(actor, rule.local_government)
    rules = list(
        PublicHousingRule.objects.select_for_update()
        .filter(local_government=rule.local_government)
        .order_by("order", "id")
    )
    index = next(i for i, other in enumerate(rules) if other.pk == rule.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(rules):
        return
    before = [other.pk for other in rules]
    rules[index], rules[target] = rules[target], rules[index]
    for position, other in enumerate(rules, start=1):
        other.order = position
    PublicHousingRule.objects.bulk_update(rules, ["order"])
    audit.record(
        actor=actor,
        action="housing.public_housing_rule_move",
        local_government=rule.local_government,
        obj=rule,
        changes={"order": {"before": before, "after": [other.pk for other in rules]}},
    )
