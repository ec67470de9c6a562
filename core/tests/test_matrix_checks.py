"""The access matrix's own machinery (core/testing/matrix_checks.py): the checks it derives for
a row nobody configured, the form it posts back, the watch that a refused request wrote
nothing. A matrix that cannot fail proves nothing; these show each part can."""

from types import SimpleNamespace

import pytest

from core.audit import ACCESS_DENIED, record
from core.roles import Role
from core.testing.matrix import ANON, DENIED, LOGIN, NOT_FOUND, OK, Row, staff_only
from core.testing.matrix_checks import Trial, WriteWatch, page_form_data


def _trial(row, kwargs, name="plan_admin:measure_edit"):
    users = {role: SimpleNamespace(role=role) for role in Role}
    return Trial(
        None,
        name=name,
        row=row,
        kwargs=kwargs,
        city=SimpleNamespace(users=users),
        other_city=SimpleNamespace(users=users),
        outsiders=users,
    )


def _who(checks):
    return [who for who, _user in checks]


def test_a_new_row_naming_a_record_gets_the_outsiders_without_asking():
    row = staff_only(Role.SECRETARIAT, Role.PARTNER, kwargs=lambda city: {"pk": 1})
    assert _who(_trial(row, {"pk": 1}).outsider_checks(row.expect)) == [
        "secretariat of another local government",
        "partner of another local government",
        "partner of another organization",
    ]


def test_a_role_that_shares_the_record_across_the_city_is_not_an_outsider_there():
    row = staff_only(Role.DEPARTMENT, kwargs=lambda city: {"pk": 1}, shared=[Role.DEPARTMENT])
    assert _who(_trial(row, {"pk": 1}).outsider_checks(row.expect)) == [
        "department of another local government"
    ]


def test_the_system_admin_and_public_rows_have_no_outsiders():
    admin = staff_only(Role.SYSTEM_ADMIN, kwargs=lambda city: {"pk": 1})
    assert _trial(admin, {"pk": 1}).outsider_checks(admin.expect) == []
    public = Row({role: OK for role in [ANON, *Role.values]}, kwargs="lg_measure")
    trial = _trial(public, {"lg": "x", "pk": 1}, name="plans:measure_detail")
    assert trial.outsider_checks(public.expect) == []


def test_a_page_of_the_body_alone_gets_the_other_body_but_not_the_other_organization():
    row = staff_only(Role.PARTNER, kwargs="lg")
    trial = _trial(row, {"lg": "x"}, name="plans:overview")
    assert _who(trial.outsider_checks(row.expect)) == ["partner of another local government"]


def test_the_post_outcomes_follow_the_get_ones():
    row = staff_only(Role.SECRETARIAT, post_expect={Role.PARTNER: NOT_FOUND})
    posts = row.posts()
    assert posts[ANON] == LOGIN
    assert posts[Role.SECRETARIAT] == "form"
    assert posts[Role.DEPARTMENT] == DENIED
    assert posts[Role.PARTNER] == NOT_FOUND


PAGE = """
<form method="post" action="/accounts/logout/"><button>ログアウト</button></form>
<form method="get"><input name="q" value="検索"></form>
<form method="post" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input name="title" value="計画 &amp; 施策">
  <input type="checkbox" name="public" checked><input type="checkbox" name="draft">
  <input type="radio" name="kind" value="a"><input type="radio" name="kind" value="b" checked>
  <select name="pillar"><option value="1">1</option><option value="2" selected>2</option></select>
  <select name="area"><option value="7">7</option><option value="8">8</option></select>
  <select name="tags" multiple><option value="x" selected><option value="y" selected></select>
  <textarea name="body">
本文</textarea>
  <input type="file" name="upload"><input name="locked" value="z" disabled>
  <button type="submit" name="action" value="save">保存</button>
  <button type="submit" name="action" value="delete">削除</button>
</form>
"""


def test_the_page_form_is_what_a_browser_would_post():
    data = page_form_data(PAGE, "/staff/plan/measures/2/edit/", {"title": "新", "area": None})
    assert data == {
        "title": "新",
        "public": ["on"],
        "kind": ["b"],
        "pillar": ["2"],
        "tags": ["x", "y"],
        "body": ["本文"],
        "action": ["save"],
    }


def test_a_page_without_its_own_form_says_so():
    with pytest.raises(AssertionError, match="no form"):
        page_form_data('<form method="post" action="/elsewhere/"></form>', "/here/", {})


@pytest.mark.django_db
def test_the_write_watch_sees_a_row_and_an_audit_entry_but_not_a_refusal():
    from core.tests.factories import LocalGovernmentFactory

    watch = WriteWatch()
    before = watch.snapshot()
    assert watch.writes(before) == []
    record(actor=None, action=ACCESS_DENIED, local_government=None)
    assert watch.writes(before) == []
    lg = LocalGovernmentFactory()
    record(actor=None, action="plan.update", local_government=lg)
    written = watch.writes(before)
    assert any(line.startswith("core_localgovernment 0 → 1") for line in written), written
    assert "audit entry plan.update" in written
