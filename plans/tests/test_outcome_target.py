"""The outcome target is shown once, with one note that says what the plan says: 450人以下
for the plan period (the plan gives no year)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_plan_page_shows_the_outcome_target_once_with_one_note(client, kumamoto):
    html = client.get(reverse("plans:overview", kwargs={"lg": "kumamoto"})).content.decode()
    outcome = html.split('id="outcome"')[1].split("</section>")[0]
    assert outcome.count("450人以下") == 1
    assert outcome.count("計画期間（令和3年度〜令和5年度）の目標") == 1
    assert "年の明記なし" not in html  # a note for the package's reader, not the public


def test_the_indicator_keeps_the_seeds_value_and_the_period_it_is_judged_on(kumamoto):
    indicator = kumamoto.indicators.get(code="reoffenders_among_arrested")
    assert indicator.target_value == 450 and indicator.better == "lower"
    assert indicator.baseline_value == 564 and indicator.baseline_year == 2019
    assert indicator.target_note == "計画期間（令和3年度〜令和5年度）の目標"


def test_the_indicator_page_gives_the_same_note_with_the_target(client, kumamoto):
    indicator = kumamoto.indicators.get(code="reoffenders_among_arrested")
    url = reverse("pdca_public:indicator_detail", kwargs={"lg": "kumamoto", "pk": indicator.pk})
    html = client.get(url).content.decode()
    assert html.count("計画期間（令和3年度〜令和5年度）の目標") == 1
