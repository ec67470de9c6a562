"""An indicator's actual entered on its page: by hand (source required), or, for an
indicator that reads a statistics series, through the statistics import's own service, so
that the form and a CSV file write the same value the same way."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from core.roles import Role
from pdca.models import IndicatorValue
from stats import services as stats_services
from stats.models import StatisticValue
from stats.tests.factories import make_city_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(city):
    return make_city_series(city)


def url(indicator):
    return reverse("pdca:indicator_values", kwargs={"pk": indicator.pk})


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


def test_a_linked_indicator_takes_a_value_through_the_statistics_service(client, city, series):
    client.force_login(city.users[Role.SECRETARIAT])
    indicator = city.statistic_indicator
    page = client.get(url(indicator))
    html = page.content.decode()
    # the period as the series counts it (年), with 和暦; the source is the series'
    assert page.context["form"].fields["period"].label == "年"
    assert "令和2年（2020年）" in html and "年度（" not in html.split("実績値を入力する")[1]
    assert "テスト県警察（架空）" in html and 'name="source"' not in html

    response = client.post(url(indicator), {"period": "2020", "value": "90", "note": "速報値"})
    assert response.status_code == 302
    stored = StatisticValue.objects.get(series=series.reoffenders, period=2020)
    assert (stored.value, stored.note, stored.from_package) == (90, "速報値", False)
    assert stored.area == city.lg.name and stored.breakdown_kind == ""
    entry = AuditEntry.objects.get(action="stats.import_values")
    assert entry.actor_id == city.users[Role.SECRETARIAT].pk and entry.changes["created"] == 1
    followed = client.get(url(indicator))
    assert any("令和2年（2020年）の実績値を登録しました" in m for m in messages_of(followed))
    assert followed.context["row"].actuals[2020] == 90

    # the same period again updates it, and says so
    client.post(url(indicator), {"period": "2020", "value": "85", "note": "確定値"})
    assert StatisticValue.objects.get(series=series.reoffenders, period=2020).value == 85
    again = client.get(url(indicator))
    assert any("更新しました（前の値: 90）" in m for m in messages_of(again))

    # the same row in a CSV file changes nothing: both paths wrote the same value
    csv = "series,area,period,breakdown_kind,breakdown,value,note\n"
    csv += f"reoffenders,{city.lg.name},2020,,,85,確定値\n"
    result = stats_services.statistics_import_file(
        actor=city.users[Role.SECRETARIAT],
        local_government=city.lg,
        filename="values.csv",
        content=csv.encode(),
    )
    assert result.counts["unchanged"] == 1 and result.counts["updated"] == 0


def test_the_statistics_rules_come_back_next_to_the_fields(client, city, series):
    client.force_login(city.users[Role.SECRETARIAT])
    indicator = city.statistic_indicator
    # 2019 has parts by crime type adding up to 100: another total would not match them
    response = client.post(url(indicator), {"period": "2019", "value": "120"})
    assert response.status_code == 400
    form = response.context["form"]
    assert "一致しません" in " ".join(form.errors["value"])
    assert (
        StatisticValue.objects.get(series=series.reoffenders, period=2019, breakdown="").value
        == 100
    )
    blank = client.post(url(indicator), {"period": "", "value": ""})
    assert blank.context["form"].errors["period"] == ["年（度）を選んでください。"]
    assert blank.context["form"].errors["value"] == ["実績値を入力してください。"]
    html = blank.content.decode()
    assert (
        'id="id_value_error"' in html
        and 'aria-describedby="id_value_helptext id_value_error"' in html
    )


def test_only_the_secretariat_enters_a_statistic(client, city, series):
    client.force_login(city.users[Role.DEPARTMENT])
    indicator = city.statistic_indicator
    assert client.get(url(indicator)).context["form"] is None
    assert client.post(url(indicator), {"period": "2020", "value": "1"}).status_code == 403
    assert not StatisticValue.objects.filter(period=2020).exists()


def test_a_value_by_hand_needs_its_source_and_an_existing_period_is_updated(client, city):
    client.force_login(city.users[Role.SECRETARIAT])
    indicator = city.indicator
    page = client.get(url(indicator))
    html = page.content.decode()
    kind_word = "年度" if indicator.baseline_period_kind == "fiscal_year" else "年"
    assert page.context["form"].fields["period"].label == kind_word
    assert 'name="source"' in html and "（必須）" in html.split('for="id_source"')[1][:80]
    missing = client.post(url(indicator), {"period": "2021", "value": "88"})
    assert missing.status_code == 400
    assert missing.context["form"].errors["source"] == [
        "出典を入力してください（どの資料の値か）。"
    ]
    client.post(
        url(indicator), {"period": "2021", "value": "88", "source": "県警", "publish": "on"}
    )
    client.post(
        url(indicator), {"period": "2021", "value": "87", "source": "県警", "publish": "on"}
    )
    item = IndicatorValue.objects.get(indicator=indicator, period=2021)
    assert item.value == 87
    messages = messages_of(client.get(url(indicator)))
    assert any("実績値を更新しました（前の値: 88）" in m for m in messages)
