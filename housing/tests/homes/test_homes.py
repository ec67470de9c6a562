"""The homes pages: a provider keeps its own homes, the secretariat all of its body; the
registration standards are checked with clear messages; the list filters, sorts and exports."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.fields.choice_masks import bit
from core.models import AuditEntry
from core.roles import Role
from housing.homes import services
from housing.models import Acceptance, SafetyNetHome
from housing.tests.factories import HousingProviderFactory, SafetyNetHomeFactory
from housing.tests.factories_homes import (
    HousingRulesFactory,
    LocalAcceptanceFactory,
    home_post,
    home_values,
    provider_of_city,
)

pytestmark = pytest.mark.django_db
PROBATION = bit(Acceptance, Acceptance.PROBATION)
ELDERLY = bit(Acceptance, Acceptance.ELDERLY)


@pytest.fixture
def provider(city):
    return provider_of_city(city)


def csv_text(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def sign_in(client, city, role):
    client.force_login(city.users[role])
    return client


# --- who sees what ------------------------------------------------------------------------------


def test_it_lists_only_the_providers_own_homes(client, city, provider):
    SafetyNetHomeFactory(provider=provider, name="自分のハイツ（架空）")
    SafetyNetHomeFactory(
        provider=HousingProviderFactory(local_government=city.lg), name="よそのハイツ（架空）"
    )
    page = sign_in(client, city, Role.HOUSING_PROVIDER).get(reverse("housing:index"))
    assert "自分のハイツ（架空）" in page.content.decode()
    assert "よそのハイツ（架空）" not in page.content.decode()


def test_the_secretariat_sees_every_home_of_its_body_only(client, city, provider):
    SafetyNetHomeFactory(provider=provider, name="自分のハイツ（架空）")
    SafetyNetHomeFactory(
        provider=HousingProviderFactory(local_government=city.lg), name="よそのハイツ（架空）"
    )
    SafetyNetHomeFactory(name="別の市のハイツ（架空）")
    text = sign_in(client, city, Role.SECRETARIAT).get(reverse("housing:index")).content.decode()
    assert "自分のハイツ（架空）" in text and "よそのハイツ（架空）" in text
    assert "別の市のハイツ（架空）" not in text


@pytest.mark.parametrize("name", ["housing:home_detail", "housing:home_edit"])
def test_another_providers_home_is_404(client, city, provider, name):
    other = SafetyNetHomeFactory(provider=HousingProviderFactory(local_government=city.lg))
    response = sign_in(client, city, Role.HOUSING_PROVIDER).get(reverse(name, args=[other.pk]))
    assert response.status_code == 404


def test_another_provider_cannot_take_a_home_off_the_list(client, city, provider):
    other = SafetyNetHomeFactory(provider=HousingProviderFactory(local_government=city.lg))
    response = sign_in(client, city, Role.HOUSING_PROVIDER).post(
        reverse("housing:home_deactivate", args=[other.pk])
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.is_active


def test_another_bodys_home_is_404_for_the_secretariat(client, city):
    elsewhere = SafetyNetHomeFactory()
    response = sign_in(client, city, Role.SECRETARIAT).get(
        reverse("housing:home_detail", args=[elsewhere.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER, Role.EMPLOYER])
def test_other_roles_are_refused(client, city, role):
    assert sign_in(client, city, role).get(reverse("housing:index")).status_code == 403


def test_a_provider_not_yet_registered_is_told_whom_to_ask(client, city):
    text = sign_in(client, city, Role.HOUSING_PROVIDER).get(reverse("housing:index"))
    assert "市の事務局に登録を依頼してください" in text.content.decode()


# --- the registration standards ------------------------------------------------------------------


def test_it_refuses_a_home_smaller_than_the_national_standard(city, provider):
    with pytest.raises(ValidationError) as problem:
        services.home_create(
            actor=city.users[Role.HOUSING_PROVIDER],
            provider=provider,
            values=home_values(floor_area=Decimal("20")),
        )
    assert "25㎡以上" in " ".join(problem.value.message_dict["floor_area"])
    assert not SafetyNetHome.objects.exists()


def test_the_bodys_own_floor_area_applies(city, provider):
    HousingRulesFactory(local_government=city.lg, min_floor_area=Decimal("18"))
    home = services.home_create(
        actor=city.users[Role.HOUSING_PROVIDER],
        provider=provider,
        values=home_values(floor_area=Decimal("20")),
    )
    assert home.floor_area == Decimal("20")
    with pytest.raises(ValidationError) as problem:
        services.home_create(
            actor=city.users[Role.HOUSING_PROVIDER],
            provider=provider,
            values=home_values(floor_area=Decimal("17.5")),
        )
    assert "この市の登録基準では18㎡以上" in " ".join(problem.value.message_dict["floor_area"])


def test_the_form_says_why_a_home_cannot_be_registered(client, city, provider):
    response = sign_in(client, city, Role.HOUSING_PROVIDER).post(
        reverse("housing:home_create"),
        home_post(floor_area="20", earthquake_resistant=None, units="2", vacancies="3"),
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "耐震性のない住宅は登録できません。" in text
    assert "床面積が登録基準に足りません" in text
    assert "空き戸数（3戸）は戸数（2戸）以下にしてください。" in text
    assert not SafetyNetHome.objects.exists()


def test_the_form_refuses_negative_money(client, city, provider):
    response = sign_in(client, city, Role.HOUSING_PROVIDER).post(
        reverse("housing:home_create"), home_post(rent="-1")
    )
    assert "金額は0円以上にしてください。" in response.content.decode()
    assert not SafetyNetHome.objects.exists()


def test_the_service_refuses_negative_money(city, provider):
    with pytest.raises(ValidationError) as problem:
        services.home_create(
            actor=city.users[Role.HOUSING_PROVIDER],
            provider=provider,
            values=home_values(deposit=-5),
        )
    assert "deposit" in problem.value.message_dict


def test_a_registration_number_is_one_home(city, provider):
    SafetyNetHomeFactory(provider=provider, registration_number="架空-1")
    with pytest.raises(ValidationError) as problem:
        services.home_create(
            actor=city.users[Role.SECRETARIAT],
            provider=provider,
            values=home_values(registration_number="架空-1"),
        )
    assert "すでに登録されています" in problem.value.message_dict["registration_number"][0]


@pytest.mark.parametrize(
    "junk",
    [
        {"rent": "１２３abc", "floor_area": "nan"},
        {"floor_area": "1e9999", "units": "99999999999999999999"},
        {"accepts_harm": ["99", "x"], "latitude": "inf", "ward": "\u202e"},
        {"provider": "abc"},
    ],
)
def test_the_form_never_500s(client, city, provider, junk):
    response = sign_in(client, city, Role.SECRETARIAT).post(
        reverse("housing:home_create"), home_post(**junk)
    )
    assert response.status_code == 200
    assert not SafetyNetHome.objects.exists()


# --- registering, editing, taking off the list ---------------------------------------------------


def test_a_provider_registers_a_home_that_accepts_probationers(client, city, provider):
    response = sign_in(client, city, Role.HOUSING_PROVIDER).post(
        reverse("housing:home_create"),
        home_post(accepts_harm=[str(PROBATION.bit_length() - 1)], accepts_age_disability=["3"]),
    )
    home = SafetyNetHome.objects.get()
    assert response.url == reverse("housing:home_detail", args=[home.pk])
    assert home.provider == provider and home.accepts == PROBATION | ELDERLY
    assert home.created_by == city.users[Role.HOUSING_PROVIDER]
    entry = AuditEntry.objects.get(action="housing.home.create")
    assert entry.object_id == str(home.pk)
    page = client.get(response.url).content.decode()
    assert "保護観察対象者等" in page and "高齢者" in page


def test_the_bodys_own_attribute_is_a_checkbox(client, city, provider):
    own = LocalAcceptanceFactory(local_government=city.lg, label="刑務所出所者（架空）", bit=24)
    page = sign_in(client, city, Role.HOUSING_PROVIDER).get(reverse("housing:home_create"))
    assert "刑務所出所者（架空）" in page.content.decode()
    client.post(reverse("housing:home_create"), home_post(accepts_local=[str(own.bit)]))
    assert SafetyNetHome.objects.get().accepts == 1 << 24


def test_the_secretariat_registers_a_home_for_a_provider(client, city, provider):
    response = sign_in(client, city, Role.SECRETARIAT).post(
        reverse("housing:home_create"), home_post(provider=str(provider.pk))
    )
    assert response.status_code == 302
    assert SafetyNetHome.objects.get().provider == provider


def test_editing_records_before_and_after(client, city, provider):
    home = SafetyNetHomeFactory(provider=provider, vacancies=1, units=4)
    sign_in(client, city, Role.HOUSING_PROVIDER).post(
        reverse("housing:home_edit", args=[home.pk]),
        home_post(name=home.name, vacancies="0", units="4"),
    )
    home.refresh_from_db()
    assert home.vacancies == 0
    entry = AuditEntry.objects.get(action="housing.home.update")
    assert entry.changes["vacancies"] == {"before": 1, "after": 0}


def test_taking_a_home_off_the_list_and_back(client, city, provider):
    home = SafetyNetHomeFactory(provider=provider)
    sign_in(client, city, Role.HOUSING_PROVIDER)
    client.post(reverse("housing:home_deactivate", args=[home.pk]))
    home.refresh_from_db()
    assert not home.is_active
    client.post(reverse("housing:home_reactivate", args=[home.pk]))
    home.refresh_from_db()
    assert home.is_active
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["housing.home.deactivate", "housing.home.reactivate"]


def test_a_home_below_new_standards_is_not_listed_again(client, city, provider):
    home = SafetyNetHomeFactory(provider=provider, floor_area=Decimal("20"), is_active=False)
    response = sign_in(client, city, Role.HOUSING_PROVIDER).post(
        reverse("housing:home_reactivate", args=[home.pk]), follow=True
    )
    assert "床面積が登録基準に足りません" in response.content.decode()
    home.refresh_from_db()
    assert not home.is_active


# --- the list --------------------------------------------------------------------------------------


def test_the_secretariat_filters_by_provider_ward_and_status(client, city, provider):
    other = HousingProviderFactory(local_government=city.lg)
    SafetyNetHomeFactory(provider=provider, name="甲ハイツ（架空）", ward="東区")
    SafetyNetHomeFactory(provider=other, name="乙ハイツ（架空）", ward="中央区")
    SafetyNetHomeFactory(provider=other, name="丙ハイツ（架空）", ward="中央区", is_active=False)
    sign_in(client, city, Role.SECRETARIAT)
    url = reverse("housing:index")
    text = client.get(url, {"provider": other.pk, "status": "active"}).content.decode()
    assert "乙ハイツ（架空）" in text
    assert "甲ハイツ（架空）" not in text and "丙ハイツ（架空）" not in text
    text = client.get(url, {"ward": "東区"}).content.decode()
    assert "甲ハイツ（架空）" in text and "乙ハイツ（架空）" not in text


def test_the_list_sorts_by_rent(client, city, provider):
    SafetyNetHomeFactory(provider=provider, name="高いハイツ（架空）", rent=60000)
    SafetyNetHomeFactory(provider=provider, name="安いハイツ（架空）", rent=30000)
    text = (
        sign_in(client, city, Role.SECRETARIAT)
        .get(reverse("housing:index"), {"sort": "rent"})
        .content.decode()
    )
    assert text.index("安いハイツ（架空）") < text.index("高いハイツ（架空）")


def test_junk_in_the_query_string_shows_the_whole_list(client, city, provider):
    SafetyNetHomeFactory(provider=provider, name="甲ハイツ（架空）")
    response = sign_in(client, city, Role.SECRETARIAT).get(
        reverse("housing:index"),
        {"provider": "９９", "status": "x", "sort": "'; drop", "page": "-1", "ward": "\x7f"},
    )
    assert response.status_code == 200
    assert "甲ハイツ（架空）" in response.content.decode()


def test_the_csv_holds_the_filtered_homes_in_the_import_columns(client, city, provider):
    SafetyNetHomeFactory(provider=provider, name="甲ハイツ（架空）", accepts=PROBATION)
    SafetyNetHomeFactory(provider=provider, name="乙ハイツ（架空）", is_active=False)
    response = sign_in(client, city, Role.HOUSING_PROVIDER).get(
        reverse("housing:home_csv"), {"status": "active"}
    )
    text = csv_text(response)
    assert text.splitlines()[0].startswith("事業者,登録番号,住宅の名称")
    assert "甲ハイツ（架空）" in text and "保護観察対象者等" in text
    assert "乙ハイツ（架空）" not in text


def test_a_provider_cannot_export_anothers_homes(client, city, provider):
    SafetyNetHomeFactory(
        provider=HousingProviderFactory(local_government=city.lg), name="よそ（架空）"
    )
    response = sign_in(client, city, Role.HOUSING_PROVIDER).get(reverse("housing:home_csv"))
    assert "よそ（架空）" not in csv_text(response)


def test_a_home_with_a_ward_outside_the_bodys_list_can_still_be_edited(client, city, provider):
    city.lg.wards = ["中央区", "東区"]
    city.lg.save()
    home = SafetyNetHomeFactory(provider=provider, ward="旧区（架空）", vacancies=1, units=4)
    response = sign_in(client, city, Role.HOUSING_PROVIDER).post(
        reverse("housing:home_edit", args=[home.pk]),
        home_post(name=home.name, ward="旧区（架空）", vacancies="0", units="4"),
    )
    assert response.status_code == 302
    home.refresh_from_db()
    assert (home.ward, home.vacancies) == ("旧区（架空）", 0)
