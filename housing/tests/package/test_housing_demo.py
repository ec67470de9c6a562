"""seed_demo's housing data: the demo housing account's organization keeps a fictional
居住支援法人 with eight fictional homes, some accepting 保護観察対象者等, some public; a second
run creates nothing, a home a user deleted stays deleted unless --restore."""

import io

from django.core.management import call_command

from accounts.models import User
from core.fields.choice_masks import bit
from housing.models import Acceptance, HousingProvider, SafetyNetHome


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_gives_the_housing_account_a_fictional_provider_with_homes_once(kumamoto):
    out = seed()
    assert "demo housing provider: 1 created" in out
    assert "demo safety-net homes: 8 created" in out
    account = User.objects.get(username="housing")
    provider = HousingProvider.objects.get(organization=account.organization)
    assert provider.is_fictional and "架空" in provider.organization.name
    homes = SafetyNetHome.objects.filter(provider=provider)
    assert homes.count() == 8
    assert all(home.is_fictional and "架空" in home.name + home.address for home in homes)
    probation = bit(Acceptance, Acceptance.PROBATION)
    accepting = [home for home in homes if home.accepts & probation]
    assert 0 < len(accepting) < 8
    assert any(home.is_public for home in accepting)
    assert homes.filter(is_public=False).exists()

    again = seed()
    assert "demo housing provider: 0 created, 1 already there" in again
    assert "demo safety-net homes: 0 created, 8 already there" in again
    assert SafetyNetHome.objects.count() == 8


def test_a_home_deleted_by_a_user_stays_deleted_unless_restored(kumamoto):
    seed()
    SafetyNetHome.objects.filter(name="ひだまり荘（架空）").delete()
    assert (
        "demo safety-net homes: 0 created, 7 already there (left as they are), "
        "1 deleted by a user and not recreated"
    ) in seed()
    assert SafetyNetHome.objects.count() == 7
    assert "demo safety-net homes: 1 created, 7 already there" in seed("--restore")
    assert SafetyNetHome.objects.count() == 8


def test_the_demo_provider_does_not_stop_the_package_loading(kumamoto):
    from housing.package_section import _present

    seed()
    assert not _present(kumamoto.local_government)
