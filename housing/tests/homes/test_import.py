"""The import of an existing list: a preview first (nothing written), then all or nothing with
a row-by-row report."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEntry
from core.roles import Role
from housing.models import SafetyNetHome
from housing.tests.factories import HousingProviderFactory, SafetyNetHomeFactory
from housing.tests.factories_homes import provider_of_city

pytestmark = pytest.mark.django_db
HEADER = "事業者,登録番号,住宅の名称,所在地,家賃（円）,床面積（㎡）,間取り,戸数,空き戸数,耐震性あり,受け入れる住宅確保要配慮者"


def upload(client, text: str, name="homes.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("housing:import"), {"file": file})


def token_of(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, response.content.decode()[:2000]
    return unescape(match.group(1))


def sign_in(client, city, role):
    client.force_login(city.users[role])
    return client


@pytest.fixture
def provider(city):
    return provider_of_city(city)


GOOD = "\n".join(
    [
        HEADER,
        "居住支援法人（架空）,架空-A1,ひとつめ荘（架空）,テスト市中央区1（架空）,38000,25.5,1K,4,1,はい,高齢者、保護観察対象者等",
        '居住支援法人（架空）,,ふたつめ荘（架空）,テスト市東区2（架空）,"41,000円",30㎡,1DK,2,0,,',
    ]
)


def test_the_preview_writes_nothing_and_confirming_takes_every_row(client, city, provider):
    sign_in(client, city, Role.SECRETARIAT)
    preview = upload(client, GOOD)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "ひとつめ荘（架空）" in text and "新規 2件" in text
    assert not SafetyNetHome.objects.exists()
    response = client.post(reverse("housing:import"), {"token": token_of(preview)})
    assert response.url == reverse("housing:index")
    homes = {home.name: home for home in SafetyNetHome.objects.all()}
    assert homes["ふたつめ荘（架空）"].rent == 41000
    assert homes["ふたつめ荘（架空）"].floor_area == Decimal("30")
    assert homes["ひとつめ荘（架空）"].accepts == (1 << 3) | (1 << 14)
    assert AuditEntry.objects.get(action="housing.home.import").changes["created"]["after"] == 2


def test_a_note_is_read_and_kept(client, city, provider):
    # found by the property test: the note (a text field, no length of its own) was a 500
    lines = GOOD.split("\n")
    with_note = "\n".join([lines[0] + ",備考", lines[1] + ",駅から5分（架空）", lines[2] + ","])
    sign_in(client, city, Role.SECRETARIAT)
    preview = upload(client, with_note)
    assert preview.status_code == 200
    client.post(reverse("housing:import"), {"token": token_of(preview)})
    assert SafetyNetHome.objects.get(name="ひとつめ荘（架空）").note == "駅から5分（架空）"


def test_one_bad_row_takes_nothing_and_says_where(client, city, provider):
    bad = GOOD + "\n居住支援法人（架空）,,みっつめ荘（架空）,テスト市3,-100,20,1K,1,2,いいえ,宇宙人"
    response = sign_in(client, city, Role.SECRETARIAT).post(
        reverse("housing:import"),
        {"file": SimpleUploadedFile("homes.csv", bad.encode("utf-8"))},
    )
    text = response.content.decode()
    assert "何も取り込んでいません" in text
    assert "金額は0円以上にしてください。" in text
    assert "耐震性のない住宅は登録できません。" in text
    assert "床面積が登録基準に足りません" in text
    assert "空き戸数（2戸）は戸数（1戸）以下にしてください。" in text
    assert "住宅確保要配慮者「宇宙人」はこの市の区分にありません。" in text
    assert '<td class="num">4</td>' in text
    assert not SafetyNetHome.objects.exists()


def test_a_row_updates_the_home_of_its_registration_number(client, city, provider):
    home = SafetyNetHomeFactory(provider=provider, registration_number="架空-A1", vacancies=3)
    sign_in(client, city, Role.HOUSING_PROVIDER)
    text = "\n".join(
        [
            "登録番号,住宅の名称,所在地,家賃,床面積,間取り,空き戸数",
            "架空-A1,改名荘（架空）,所在地（架空）,39000,26,1K,0",
        ]
    )
    preview = upload(client, text)
    assert "更新 1件" in preview.content.decode()
    client.post(reverse("housing:import"), {"token": token_of(preview)})
    home.refresh_from_db()
    assert (home.name, home.vacancies, home.rent) == ("改名荘（架空）", 0, 39000)
    assert SafetyNetHome.objects.count() == 1


def test_a_provider_cannot_import_into_another_providers_home(client, city, provider):
    other = HousingProviderFactory(local_government=city.lg)
    SafetyNetHomeFactory(provider=other, registration_number="架空-B1", name="よその荘（架空）")
    text = "\n".join(
        [
            "登録番号,住宅の名称,所在地,家賃,床面積,間取り",
            "架空-B1,乗っ取り荘（架空）,所在地,39000,26,1K",
        ]
    )
    response = upload(sign_in(client, city, Role.HOUSING_PROVIDER), text)
    assert "ほかの事業者の住宅として登録されています" in response.content.decode()
    assert SafetyNetHome.objects.get().name == "よその荘（架空）"


def test_a_provider_cannot_name_another_provider(client, city, provider):
    HousingProviderFactory(local_government=city.lg, organization__name="別法人（架空）")
    text = "\n".join([HEADER, "別法人（架空）,,荘（架空）,所在地,39000,26,1K,1,0,はい,"])
    response = upload(sign_in(client, city, Role.HOUSING_PROVIDER), text)
    assert "ほかの事業者の住宅は取り込めません" in response.content.decode()


def test_the_secretariat_must_name_a_registered_provider(client, city, provider):
    text = "\n".join([HEADER, "知らない法人（架空）,,荘（架空）,所在地,39000,26,1K,1,0,はい,"])
    response = upload(sign_in(client, city, Role.SECRETARIAT), text)
    assert "事業者「知らない法人（架空）」は登録されていません" in response.content.decode()


def test_the_same_registration_number_twice_is_refused(client, city, provider):
    text = "\n".join(
        [
            "登録番号,住宅の名称,所在地,家賃,床面積,間取り",
            "架空-C1,荘1（架空）,所在地,39000,26,1K",
            "架空-C1,荘2（架空）,所在地,39000,26,1K",
        ]
    )
    response = upload(sign_in(client, city, Role.HOUSING_PROVIDER), text)
    assert "2行目と同じ登録番号です" in response.content.decode()


def test_a_changed_or_forged_token_takes_nothing(client, city, provider):
    sign_in(client, city, Role.SECRETARIAT)
    token = token_of(upload(client, GOOD))
    response = client.post(reverse("housing:import"), {"token": token[:-3] + "xyz"})
    assert "もう一度ファイルを選んでください" in response.content.decode()
    assert not SafetyNetHome.objects.exists()


def test_anothers_token_takes_nothing(client, city, provider):
    token = token_of(upload(sign_in(client, city, Role.SECRETARIAT), GOOD))
    client.force_login(city.users[Role.HOUSING_PROVIDER])
    client.post(reverse("housing:import"), {"token": token})
    assert not SafetyNetHome.objects.exists()


def test_an_unreadable_file_is_a_message(client, city, provider):
    response = sign_in(client, city, Role.SECRETARIAT).post(
        reverse("housing:import"),
        {"file": SimpleUploadedFile("homes.xlsx", b"PK\x03\x04not a zip")},
    )
    assert response.status_code == 200
    assert "読めません" in response.content.decode()


def test_the_template_is_a_valid_import(client, city):
    provider_of_city(city)
    sign_in(client, city, Role.HOUSING_PROVIDER)
    template = b"".join(client.get(reverse("housing:import_template")).streaming_content)
    text = template.decode("utf-8-sig").replace("居住支援法人れい（架空）", "居住支援法人（架空）")
    preview = upload(client, text)
    assert "新規 1件" in preview.content.decode()


def test_an_exported_list_imports_again_unchanged(client, city, provider):
    SafetyNetHomeFactory(provider=provider, registration_number="架空-D1")
    sign_in(client, city, Role.SECRETARIAT)
    exported = b"".join(client.get(reverse("housing:home_csv")).streaming_content)
    preview = upload(client, exported.decode("utf-8-sig"))
    assert "更新 1件" in preview.content.decode()
    client.post(reverse("housing:import"), {"token": token_of(preview)})
    assert SafetyNetHome.objects.count() == 1
    assert not AuditEntry.objects.filter(action="housing.home.update").exists()
