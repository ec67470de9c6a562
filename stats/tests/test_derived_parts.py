"""A derived rate says what it is computed from: its parts and their sources, beside it."""

import pytest
from django.urls import reverse

from stats.tests.factories import make_city_series

pytestmark = pytest.mark.django_db


def test_kumamotos_reoffender_rate_shows_564_over_1107_and_the_sources(client, kumamoto):
    url = reverse("stats:series_detail", kwargs={"lg": "kumamoto", "key": "reoffender_rate"})
    html = client.get(url).content.decode()
    section = html.split('id="parts-heading"')[1].split("</section>")[0]
    assert "564 ÷ 1,107 × 100 = 50.9" in section
    assert "分子: 再犯者数" in section and "分母: 刑法犯検挙人員" in section
    assert section.count("出典: 熊本県警察") == 2
    index = client.get(reverse("stats:index", kwargs={"lg": "kumamoto"})).content.decode()
    assert "再犯者数 ÷ 刑法犯検挙人員 から算出" in index


def test_every_derived_point_has_its_parts(client, city):
    make_city_series(city)
    url = reverse("stats:series_detail", kwargs={"lg": city.lg.slug, "key": "reoffender-rate"})
    html = client.get(url).content.decode()
    # the total of 2019 and each crime type: 100 / 300, 70 / 200, 30 / 100; 96 / 320 in 2018
    for text in (
        "100 ÷ 300 × 100 = 33.3",
        "70 ÷ 200 × 100 = 35.0",
        "30 ÷ 100 × 100 = 30.0",
        "96 ÷ 320 × 100 = 30.0",
    ):
        assert text in html, text


def test_a_count_has_no_parts_section(client, city):
    make_city_series(city)
    url = reverse("stats:series_detail", kwargs={"lg": city.lg.slug, "key": "reoffenders"})
    assert 'id="parts-heading"' not in client.get(url).content.decode()
