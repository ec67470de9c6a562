"""Editing measures: every change runs in a transaction and leaves an audit entry."""

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEntry
from core.roles import Role
from plans.models import Measure
from plans.services import measure_create, measure_move, measure_update
from plans.tests.factories import DepartmentFactory, MeasureFactory


def departments_of(measure):
    return [a.department.name for a in measure.assignments.order_by("position")]


def test_it_adds_a_measure_at_the_end_of_its_area(city):
    actor = city.users[Role.SECRETARIAT]
    housing, safety = city.departments["housing"], city.departments["safety"]
    measure = measure_create(
        actor=actor,
        area=city.areas[1],
        headings=["新しい取組", ""],
        body="  新しい取組の内容です。 ",
        departments=[safety, housing],
    )
    assert measure.number == 3
    assert measure.headings == ["新しい取組"]
    assert measure.body == "新しい取組の内容です。"
    assert departments_of(measure) == ["生活安全課", "住宅政策課"]
    entry = AuditEntry.objects.get(action="measure.create")
    assert entry.actor == actor and entry.local_government == city.lg
    assert entry.changes["departments"] == {"before": None, "after": ["生活安全課", "住宅政策課"]}


def test_it_records_what_an_edit_changed(city):
    measure = city.measures[1]
    measure_update(
        actor=city.users[Role.SECRETARIAT],
        measure=measure,
        headings=["セーフティネット住宅の登録促進"],
        body="改訂した内容です。",
        departments=[city.departments["safety"]],
    )
    measure.refresh_from_db()
    assert measure.body == "改訂した内容です。"
    assert departments_of(measure) == ["生活安全課"]
    entry = AuditEntry.objects.get(action="measure.update")
    assert entry.changes == {
        "body": {"before": "住宅確保要配慮者の住まいを確保します。", "after": "改訂した内容です。"},
        "departments": {"before": ["住宅政策課"], "after": ["生活安全課"]},
    }


def test_an_edit_that_changes_nothing_leaves_no_entry(city):
    measure = city.measures[0]
    measure_update(
        actor=city.users[Role.SECRETARIAT],
        measure=measure,
        headings=measure.headings,
        body=measure.body,
        departments=[city.departments["safety"]],
    )
    assert not AuditEntry.objects.filter(action="measure.update").exists()


def test_it_keeps_the_search_text_in_step_with_the_departments(city):
    measure = city.measures[0]
    measure_update(
        actor=city.users[Role.SECRETARIAT],
        measure=measure,
        headings=[],
        body="本文",
        departments=[city.departments["housing"]],
    )
    measure.refresh_from_db()
    assert "住宅政策課" in measure.search_text and "生活安全課" not in measure.search_text


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"body": "   "}, "body"),
        ({"departments": []}, "departments"),
        ({"departments": "other-city"}, "departments"),
        ({"repeats": "self"}, "repeats"),
    ],
)
def test_bad_input_changes_nothing(city, change, field):
    measure = city.measures[1]
    arguments = {
        "headings": ["見出し"],
        "body": "本文",
        "departments": [city.departments["housing"]],
        "repeats": None,
    }
    arguments.update(change)
    if arguments["departments"] == "other-city":
        arguments["departments"] = [DepartmentFactory()]
    if arguments["repeats"] == "self":
        arguments["repeats"] = measure
    with pytest.raises(ValidationError) as caught:
        measure_update(actor=city.users[Role.SECRETARIAT], measure=measure, **arguments)
    assert field in caught.value.message_dict
    measure.refresh_from_db()
    assert measure.body == "住宅確保要配慮者の住まいを確保します。"
    assert not AuditEntry.objects.exists()


def test_a_repeat_must_be_in_the_same_plan(city):
    elsewhere = MeasureFactory()
    with pytest.raises(ValidationError):
        measure_update(
            actor=city.users[Role.SECRETARIAT],
            measure=city.measures[1],
            headings=[],
            body="本文",
            departments=[city.departments["housing"]],
            repeats=elsewhere,
        )


def test_it_moves_a_measure_and_renumbers(city):
    first, second = city.measures[1], city.measures[2]
    measure_move(actor=city.users[Role.SECRETARIAT], measure=second, offset=-1)
    assert list(
        Measure.objects.filter(area=city.areas[1]).order_by("number").values_list("pk", flat=True)
    ) == [
        second.pk,
        first.pk,
    ]
    entry = AuditEntry.objects.get(action="measure.move")
    assert entry.changes == {"number": {"before": 2, "after": 1}}


def test_the_first_measure_cannot_move_up(city):
    with pytest.raises(ValidationError):
        measure_move(actor=city.users[Role.SECRETARIAT], measure=city.measures[1], offset=-1)
    assert not AuditEntry.objects.exists()
