"""The secretariat's 市営住宅 rounds and rules: written through audited services, shown on the
public page only once published."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited
from housing.models import PublicHousingRound, PublicHousingRule
from housing.public_housing import services
from housing.tests.factories import PublicHousingRoundFactory
from housing.tests.factories_search import PublicHousingRuleFactory

VALUES = {
    "kind": PublicHousingRound.Kind.REGULAR,
    "title": "市営住宅 定期募集 8月（架空）",
    "application_from": "2026-08-01",
    "application_until": "2026-08-10",
}


@pytest.fixture
def secretariat(client, city):
    client.force_login(city.users[Role.SECRETARIAT])
    return client


def test_a_round_is_created_unpublished_then_published_with_audit(secretariat, city):
    response = secretariat.post(reverse("public_housing:round_create"), VALUES)
    assert response.status_code == 302
    housing_round = PublicHousingRound.objects.get(local_government=city.lg)
    assert not housing_round.is_published
    public_page = reverse("homes:public_housing", kwargs={"lg": city.lg.slug})
    assert "定期募集 8月" not in secretariat.get(public_page).content.decode()
    secretariat.post(reverse("public_housing:round_publish", kwargs={"pk": housing_round.pk}))
    assert "定期募集 8月" in secretariat.get(public_page).content.decode()
    secretariat.post(reverse("public_housing:round_unpublish", kwargs={"pk": housing_round.pk}))
    housing_round.refresh_from_db()
    assert not housing_round.is_published
    actions = list(
        AuditEntry.objects.filter(object_id=str(housing_round.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "housing.public_housing_round_create",
        "housing.public_housing_round_publish",
        "housing.public_housing_round_unpublish",
    ]


def test_a_round_cannot_end_before_it_starts(secretariat, city):
    response = secretariat.post(
        reverse("public_housing:round_create"), {**VALUES, "application_until": "2026-07-01"}
    )
    assert response.status_code == 200
    assert "受付終了日は受付開始日と同じか" in response.content.decode()
    assert not PublicHousingRound.objects.exists()


def test_only_the_bodys_secretariat_writes(city, other_city):
    housing_round = PublicHousingRoundFactory(local_government=city.lg)
    with pytest.raises(PermissionDenied):
        services.round_set_published(
            actor=other_city.users[Role.SECRETARIAT], housing_round=housing_round, published=False
        )
    with pytest.raises(PermissionDenied):
        services.rule_create(
            actor=city.users[Role.DEPARTMENT],
            local_government=city.lg,
            values={"title": "x", "body": "y"},
        )


def test_editing_a_round_records_what_changed(secretariat, city):
    housing_round = PublicHousingRoundFactory(local_government=city.lg, title="古い名前（架空）")
    services.round_update(
        actor=city.users[Role.SECRETARIAT],
        housing_round=housing_round,
        values={"title": "新しい名前（架空）"},
    )
    entry = AuditEntry.objects.get(action="housing.public_housing_round_update")
    assert entry.changes["title"] == {"before": "古い名前（架空）", "after": "新しい名前（架空）"}
    with pytest.raises(ValidationError):
        services.round_update(
            actor=city.users[Role.SECRETARIAT], housing_round=housing_round, values={"title": ""}
        )


def test_rules_are_added_last_and_moved_up_and_down(secretariat, city):
    first = PublicHousingRuleFactory(local_government=city.lg, title="一（架空）", order=1)
    second = PublicHousingRuleFactory(local_government=city.lg, title="二（架空）", order=2)
    secretariat.post(
        reverse("public_housing:rule_create"), {"title": "三（架空）", "body": "本文（架空）"}
    )

    def order():
        return list(
            PublicHousingRule.objects.filter(local_government=city.lg)
            .order_by("order", "id")
            .values_list("title", flat=True)
        )

    assert order() == ["一（架空）", "二（架空）", "三（架空）"]
    secretariat.post(reverse("public_housing:rule_up", kwargs={"pk": second.pk}))
    assert order() == ["二（架空）", "一（架空）", "三（架空）"]
    secretariat.post(reverse("public_housing:rule_down", kwargs={"pk": first.pk}))
    assert order() == ["二（架空）", "三（架空）", "一（架空）"]
    # at the top, up changes nothing
    secretariat.post(reverse("public_housing:rule_up", kwargs={"pk": second.pk}))
    assert order() == ["二（架空）", "三（架空）", "一（架空）"]
    third = PublicHousingRule.objects.get(local_government=city.lg, title="三（架空）")
    secretary = city.users[Role.SECRETARIAT]
    # the move at the top wrote nothing: one entry for each rule that moved
    assert_audited(
        action="housing.public_housing_rule_move",
        actor=secretary,
        obj=second,
        changes={
            "order": {
                "before": [first.pk, second.pk, third.pk],
                "after": [second.pk, first.pk, third.pk],
            }
        },
    )
    assert_audited(
        action="housing.public_housing_rule_move",
        actor=secretary,
        obj=first,
        changes={
            "order": {
                "before": [second.pk, first.pk, third.pk],
                "after": [second.pk, third.pk, first.pk],
            }
        },
    )
