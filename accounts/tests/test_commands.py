import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Organization, User
from core.roles import Role
from core.testing.audit import assert_audited


def test_seed_demo_creates_one_fictional_account_per_role_once(kumamoto):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    users = User.objects.all()
    assert sorted(users.values_list("role", flat=True)) == sorted(Role.values)
    assert all(user.is_fictional and "架空" in user.display_name for user in users)
    department = User.objects.get(username="department")
    assert department.organization.department.name == "住宅政策課"
    assert all(
        "架空" in u.organization.name
        for u in users
        if u.role not in (Role.SECRETARIAT, Role.DEPARTMENT, Role.SYSTEM_ADMIN)
    )


def test_seed_demo_is_refused_in_production(kumamoto, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="development only"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_add_user_creates_a_department_user_with_a_strong_password(kumamoto, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long passphrase for the city\n"))
    call_command(
        "add_user",
        "kumamoto-housing",
        role="department",
        local_government="kumamoto",
        department="住宅政策課",
        password_stdin=True,
        stdout=io.StringIO(),
    )
    user = User.objects.get(username="kumamoto-housing")
    assert user.department_id == user.organization.department.pk
    assert user.check_password("a long passphrase for the city")
    assert_audited(
        action="user.create",
        actor=None,
        actor_label="system",
        obj=user,
        local_government=kumamoto.local_government,
        changes={"role": {"before": None, "after": "department"}},
    )


def test_add_user_refuses_a_weak_password_and_a_bad_department(kumamoto, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))
    with pytest.raises(CommandError):
        call_command(
            "add_user",
            "x",
            role="partner",
            local_government="kumamoto",
            organization="支援団体",
            password_stdin=True,
        )
    monkeypatch.setattr("sys.stdin", io.StringIO("a long passphrase for the city\n"))
    with pytest.raises(CommandError, match="--department"):
        call_command(
            "add_user",
            "y",
            role="department",
            local_government="kumamoto",
            department="ない課",
            password_stdin=True,
        )
    monkeypatch.setattr("sys.stdin", io.StringIO("a long passphrase for the city\n"))
    with pytest.raises(CommandError, match="--organization"):
        call_command(
            "add_user", "z", role="partner", local_government="kumamoto", password_stdin=True
        )
    assert not User.objects.exists()
    assert not Organization.objects.exists()
