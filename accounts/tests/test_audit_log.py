"""The secretariat browses its own local government's audit log; nobody else's."""

from django.urls import reverse

from accounts.tests.factories import reauthenticate
from core import audit
from core.roles import Role
from core.tests.factories import LocalGovernmentFactory


def test_the_secretariat_sees_its_own_entries_only(client, city):
    audit.record(actor=None, action="test.mine", local_government=city.lg, object_label="ours")
    audit.record(
        actor=None,
        action="test.theirs",
        local_government=LocalGovernmentFactory(),
        object_label="theirs",
    )
    client.force_login(city.users[Role.SECRETARIAT])
    html = client.get(reverse("staff:audit_log")).content.decode()
    assert "test.mine" in html and "test.theirs" not in html


def test_a_system_admin_sees_every_entry(client, city):
    audit.record(actor=None, action="test.theirs", local_government=LocalGovernmentFactory())
    client.force_login(city.users[Role.SYSTEM_ADMIN])
    assert "test.theirs" in client.get(reverse("staff:audit_log")).content.decode()


def test_it_shows_before_and_after(client, city):
    audit.record(
        actor=city.users[Role.SECRETARIAT],
        action="measure.update",
        local_government=city.lg,
        obj=city.measures[0],
        changes=audit.diff({"body": "前の文"}, {"body": "後の文"}),
    )
    client.force_login(city.users[Role.SECRETARIAT])
    html = client.get(reverse("staff:audit_log")).content.decode()
    assert "前の文 → 後の文" in html


def test_it_filters_and_exports_csv(client, city):
    audit.record(actor=None, action="measure.update", local_government=city.lg, object_label="一")
    audit.record(actor=None, action="measure.move", local_government=city.lg, object_label="二")
    client.force_login(city.users[Role.SECRETARIAT])
    html = client.get(reverse("staff:audit_log"), {"action": "move"}).content.decode()
    assert "measure.move" in html and "measure.update" not in html
    reauthenticate(client)  # a personal-data export
    response = client.get(reverse("staff:audit_log"), {"action": "move", "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert "measure.move" in body and "measure.update" not in body


def test_a_bad_filter_is_explained_not_a_crash(client, city):
    client.force_login(city.users[Role.SECRETARIAT])
    response = client.get(
        reverse("staff:audit_log"), {"since": "2026-05-01", "until": "2026-04-01"}
    )
    assert response.status_code == 200
    assert "開始日は終了日より前にしてください。" in response.content.decode()
    response = client.get(reverse("staff:audit_log"), {"since": "not-a-date", "page": "x"})
    assert response.status_code == 200
