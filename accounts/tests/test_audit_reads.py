"""The audit-log screen filters to the reads of 要配慮個人情報 (閲覧記録) and shows who opened
which record of which kind, from where, for what and why."""

from django.test import RequestFactory
from django.urls import reverse

from core import audit
from core.roles import Role


def read_and_change(city):
    secretariat = city.users[Role.SECRETARIAT]
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.23")
    audit.sensitive_read(
        actor=secretariat,
        obj=city.measures[0],
        local_government=city.lg,
        kind="criminal_history",
        fields=["offences", "legal_status"],
        purpose="detail",
        reason="就労支援の面談の準備\nのため",
        request=request,
    )
    audit.record(
        actor=secretariat,
        action="measure.update",
        local_government=city.lg,
        obj=city.measures[0],
        changes=audit.diff({"body": "前の文"}, {"body": "後の文"}),
    )
    return secretariat


def test_the_screen_filters_to_sensitive_reads(client, city):
    secretariat = read_and_change(city)
    client.force_login(secretariat)

    html = client.get(reverse("staff:audit_log"), {"kind": "reads"}).content.decode()

    assert "閲覧記録" in html and "measure.update" not in html
    assert secretariat.get_username() in html
    assert str(city.measures[0]) in html and f"plans.measure #{city.measures[0].pk}" in html
    assert "犯罪の経歴・法的地位" in html  # which kind of record
    assert "offences、legal_status" in html
    assert "就労支援の面談の準備 のため" in html  # the reason, on one line
    assert "198.51.100.23" in html  # from where


def test_the_screen_can_leave_the_reads_out(client, city):
    client.force_login(read_and_change(city))
    html = client.get(reverse("staff:audit_log"), {"kind": "changes"}).content.decode()
    assert "measure.update" in html and audit.SENSITIVE_READ not in html
    html = client.get(reverse("staff:audit_log")).content.decode()
    assert "measure.update" in html and audit.SENSITIVE_READ in html


def test_an_unknown_kind_is_explained_not_a_crash(client, city):
    client.force_login(read_and_change(city))
    response = client.get(reverse("staff:audit_log"), {"kind": "everything"})
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()
