"""A small fictional directory for the portal's tests (all 架空): three needs, two audiences,
two situations, and services that show each case the portal must handle — a 24-hour line, a
weekday window with hours and address, a window with nothing confirmed, and services the
public must not see (draft, inactive, another local government's)."""

import datetime
from types import SimpleNamespace

from core.tests.factories import LocalGovernmentFactory
from directory.models import Phone, ReviewStatus, Status, Taxonomy
from directory.tests.factories import (
    AddressFactory,
    LocationFactory,
    OrganizationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)


def _terms(lg, kind, rows):
    taxonomy = TaxonomyFactory(local_government=lg, kind=kind)
    return {
        code: TaxonomyTermFactory(
            taxonomy=taxonomy, code=code, name=name, plain_name=plain, position=position
        )
        for position, (code, name, plain) in enumerate(rows, start=1)
    }


def make_directory(city):
    lg = city.lg
    needs = _terms(
        lg,
        Taxonomy.Kind.NEED,
        [
            ("housing", "住まい", "すむところ"),
            ("work", "仕事", "しごと"),
            ("listen", "話を聞いてほしい", "はなしを きいてほしい"),
        ],
    )
    audiences = _terms(
        lg, Taxonomy.Kind.AUDIENCE, [("self", "本人", "じぶん"), ("family", "家族", "かぞく")]
    )
    situations = _terms(
        lg,
        Taxonomy.Kind.SITUATION,
        [("probation", "保護観察中", "ほごかんさつちゅう"), ("release_planned", "出所予定", "")],
    )

    night_line = ServiceFactory(
        organization=OrganizationFactory(local_government=lg, name="こころの電話協会（架空）"),
        name="夜間こころの電話（架空）",
        description="眠れない夜の悩みを聞きます。名前は言わなくてもかまいません。",
        is_24_hours=True,
        position=3,
        terms=[needs["listen"], needs["housing"]],
    )
    PhoneFactory(local_government=lg, service=night_line, number="0120-000-111")

    housing_org = OrganizationFactory(local_government=lg, name="住まい支援センター（架空）")
    housing = ServiceFactory(
        organization=housing_org,
        name="住まいの相談窓口（架空）",
        description="住まいの相談に応じます。家賃や入居の手続きを手伝います。",
        plain_description="すむ ところの そうだんが できます。",
        application_process="電話で予約してください。身分証明書を持ってきてください。",
        position=1,
        last_verified_on=datetime.date(2020, 4, 1),
        source="テスト市再犯防止推進計画 資料編（架空）",
        terms=[needs["housing"], audiences["self"], situations["probation"]],
    )
    housing.measures.set([city.measures[1]])
    central = LocationFactory(organization=housing_org, local_government=lg, ward="中央区")
    AddressFactory(
        location=central, address_1="架空町1丁目1-1", region="中央区", postal_code="000-0000"
    )
    ServiceAtLocationFactory(service=housing, location=central)
    PhoneFactory(local_government=lg, service=housing, number="096-000-0001")
    PhoneFactory(local_government=lg, service=housing, number="096-000-0002", type=Phone.Type.FAX)
    ScheduleFactory(
        local_government=lg,
        service=housing,
        byday="MO,TU,WE,TH,FR",
        opens_at=datetime.time(8, 30),
        closes_at=datetime.time(17, 15),
        notes="祝日・年末年始を除く",
    )

    family_org = OrganizationFactory(local_government=lg, name="家族の会（架空）")
    unconfirmed = ServiceFactory(
        organization=family_org,
        name="家族のための居住支援（架空）",
        description="家族の住まいの相談",
        position=2,
        terms=[needs["housing"], audiences["family"]],
    )
    east = LocationFactory(organization=family_org, local_government=lg, ward="東区")
    ServiceAtLocationFactory(service=unconfirmed, location=east)

    hidden = [
        ServiceFactory(
            organization=housing_org,
            name="下書きの窓口（架空）",
            review_status=ReviewStatus.DRAFT,
            terms=[needs["housing"]],
        ),
        ServiceFactory(
            organization=housing_org,
            name="休止中の窓口（架空）",
            status=Status.INACTIVE,
            terms=[needs["housing"]],
        ),
        ServiceFactory(
            organization=OrganizationFactory(
                local_government=lg,
                name="非公開の団体（架空）",
                review_status=ReviewStatus.DRAFT,
            ),
            name="非公開の団体の窓口（架空）",
            terms=[needs["housing"]],
        ),
    ]
    other_lg = LocalGovernmentFactory(code="999992", slug="othercity", name="別の市（架空）")
    other_terms = _terms(other_lg, Taxonomy.Kind.NEED, [("housing", "住まい", "すむところ")])
    other = ServiceFactory(
        organization=OrganizationFactory(local_government=other_lg, name="別の市の団体（架空）"),
        name="別の市の窓口（架空）",
        terms=[other_terms["housing"]],
    )
    return SimpleNamespace(
        needs=needs,
        audiences=audiences,
        situations=situations,
        night_line=night_line,
        housing=housing,
        unconfirmed=unconfirmed,
        hidden=hidden,
        other=other,
    )
