"""A first second factor is bound to an enrolment grant (the invitation link or the
secretariat's one-time code), never to the password alone; recovery codes are shown once."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.enrolment import ENROLMENT_GRANT, grant_enrolment
from accounts.mfa import enrolment_codes
from accounts.mfa import services as mfa
from accounts.models import EnrolmentCode
from accounts.tests.mfa.helpers import enrol_totp, totp_code
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited


def grant(client, user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.session = client.session
    grant_enrolment(request, user)
    request.session.save()


def test_the_password_alone_cannot_enrol(client, city):
    user = city.users[Role.VOLUNTEER]
    client.force_login(user)
    page = client.get(reverse("accounts:mfa_setup")).content.decode()
    assert "招待メール" in page and "登録コード" in page
    assert "<svg" not in page
    assert not TOTPDevice.objects.filter(user=user).exists()
    # Posting a code as if a device had been shown binds nothing.
    client.post(reverse("accounts:mfa_setup"), {"code": "123456"})
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not mfa.has_second_factor(user)


def test_with_a_grant_the_user_enrols_and_sees_the_recovery_codes_once(client, city, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the wrong code below
    user = city.users[Role.SECRETARIAT]
    client.force_login(user)
    grant(client, user)
    page = client.get(reverse("accounts:mfa_setup")).content.decode()
    assert "<svg" in page and "手入力する場合の文字列" in page
    assert 'id="passkey-registration-placeholder"' in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert_audited(action="auth.mfa_start", actor=user, obj=user, changes={"kind": "totp"})
    response = client.post(reverse("accounts:mfa_setup"), {"code": "999999"})
    assert "確認コードが違います" in response.content.decode()
    response = client.post(reverse("accounts:mfa_setup"), {"code": totp_code(device, 1)})
    assert response.headers["Location"] == reverse("accounts:mfa_setup")
    device.refresh_from_db()
    assert device.confirmed
    assert ENROLMENT_GRANT not in client.session  # the grant is spent
    page = client.get(reverse("accounts:mfa_setup")).content.decode()
    assert "予備コード（この画面でしか表示されません）" in page
    assert page.count("<li><code>") == 10
    assert (
        "予備コード（この画面でしか表示されません）"
        not in client.get(reverse("accounts:mfa_setup")).content.decode()
    )
    assert mfa.recovery_codes_left(user) == 10


def test_an_enrolment_code_grants_enrolment_once(client, city):
    secretariat = city.users[Role.SECRETARIAT]
    user = city.users[Role.VOLUNTEER]
    code = enrolment_codes.enrolment_code_issue(actor=secretariat, user=user)
    stored = EnrolmentCode.objects.get(user=user)
    assert code.replace("-", "") not in stored.code_hash
    client.force_login(user)
    response = client.post(reverse("accounts:mfa_setup"), {"enrolment_code": "0000-0000-0000"})
    assert "登録コードが違うか" in response.content.decode()
    full_width = "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in code)
    response = client.post(reverse("accounts:mfa_setup"), {"enrolment_code": full_width})
    assert response.headers["Location"] == reverse("accounts:mfa_setup")
    assert "<svg" in client.get(reverse("accounts:mfa_setup")).content.decode()
    stored.refresh_from_db()
    assert stored.used_at is not None
    used = AuditEntry.objects.get(action="auth.enrolment_code_used")
    assert used.actor == user and used.object_id == str(user.pk)
    # spent: another session cannot use it again
    client.logout()
    client.force_login(user)
    response = client.post(reverse("accounts:mfa_setup"), {"enrolment_code": code})
    assert "登録コードが違うか" in response.content.decode()


def test_an_expired_or_replaced_code_is_refused(client, city):
    secretariat = city.users[Role.SECRETARIAT]
    user = city.users[Role.VOLUNTEER]
    first = enrolment_codes.enrolment_code_issue(actor=secretariat, user=user)
    second = enrolment_codes.enrolment_code_issue(actor=secretariat, user=user)
    client.force_login(user)
    response = client.post(reverse("accounts:mfa_setup"), {"enrolment_code": first})
    assert "登録コードが違うか" in response.content.decode()
    EnrolmentCode.objects.filter(used_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.post(reverse("accounts:mfa_setup"), {"enrolment_code": second})
    assert "登録コードが違うか" in response.content.decode()


def test_wrong_enrolment_codes_count_towards_the_lock_out(client, city, settings):
    user = city.users[Role.VOLUNTEER]
    code = enrolment_codes.enrolment_code_issue(actor=city.users[Role.SECRETARIAT], user=user)
    client.force_login(user)
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(reverse("accounts:mfa_setup"), {"enrolment_code": "1111-1111-1111"})
    response = client.post(reverse("accounts:mfa_setup"), {"enrolment_code": code})
    assert "しばらく確認できません" in response.content.decode()
    assert ENROLMENT_GRANT not in client.session


def test_regenerating_recovery_codes_needs_reauthentication(client, city):
    user = city.users[Role.PARTNER]
    device = enrol_totp(user)
    old = mfa.recovery_codes_generate(actor=user, user=user)
    client.force_login(user)
    response = client.post(reverse("accounts:mfa_recovery_codes"))
    assert response.headers["Location"].startswith(reverse("accounts:reauth"))
    assert mfa.verify_code(user, old[1]) is not None  # nothing changed
    client.post(
        reverse("accounts:reauth"),
        {"password": "correct horse battery staple", "code": totp_code(device, 1)},
    )
    assert (
        "新しい予備コードを作る"
        in client.get(reverse("accounts:mfa_recovery_codes")).content.decode()
    )
    response = client.post(reverse("accounts:mfa_recovery_codes"))
    assert response.headers["Location"] == reverse("accounts:mfa_setup")
    assert mfa.verify_code(user, old[2]) is None
    page = client.get(reverse("accounts:mfa_setup")).content.decode()
    assert page.count("<li><code>") == 10


def test_the_printed_guide_is_there_for_everyone_signed_in(client, city):
    client.force_login(city.users[Role.VOLUNTEER])
    page = client.get(reverse("accounts:mfa_guide")).content.decode()
    assert "パスキー" in page and "予備コード" in page and "mfa-guide.css" in page


def test_the_first_system_admin_gets_a_code_from_the_command(client, city):
    import io

    from django.core.management import call_command

    admin = city.users[Role.SYSTEM_ADMIN]
    out = io.StringIO()
    call_command("mfa_enrolment_code", admin.username, stdout=out)
    code = out.getvalue().rsplit(" ", 1)[1].strip()
    client.force_login(admin)
    response = client.post(reverse("accounts:mfa_setup"), {"enrolment_code": code})
    assert response.headers["Location"] == reverse("accounts:mfa_setup")
    assert_audited(
        action="auth.enrolment_code_issue",
        actor=None,  # the command's operator has no account
        actor_label="system",
        obj=admin,
        changes={"expires_in_hours": 24},
    )


def test_a_user_removes_a_passkey_after_reauthentication_but_never_the_last_factor(client, city):
    from accounts.tests.factories import UserFactory, reauthenticate
    from accounts.tests.mfa.helpers import make_passkey

    user = city.users[Role.PARTNER]
    only = make_passkey(user)
    client.force_login(user)
    url = reverse("accounts:mfa_passkey_remove", kwargs={"pk": only.pk})
    assert client.post(url).headers["Location"].startswith(reverse("accounts:reauth"))
    reauthenticate(client)
    assert "最後に残っている確認方法" in client.get(url).content.decode()
    client.post(url)
    assert mfa.passkeys(user).count() == 1  # the last factor stays
    enrol_totp(user)  # elsewhere: a change of the second factor ends this session
    assert client.post(url).headers["Location"].startswith(reverse("accounts:login"))
    client.force_login(user)
    reauthenticate(client)
    response = client.post(url)
    assert response.headers["Location"] == reverse("accounts:mfa_setup")
    assert not mfa.passkeys(user).exists()
    entry = AuditEntry.objects.get(action="auth.passkey_remove")
    assert entry.actor == user and entry.changes == {"passkey": only.pk}
    # someone else's passkey: not found, and it stays
    other = make_passkey(UserFactory(), name="他人のパスキー")
    other_url = reverse("accounts:mfa_passkey_remove", kwargs={"pk": other.pk})
    assert client.post(other_url).status_code == 404
    assert mfa.passkeys(other.user).exists()
