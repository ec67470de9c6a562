"""Plain words first on person-facing pages (directory.portal.jargon)."""

import pytest

from directory.portal.jargon import plainly


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("帰住先の調査", "出たあと住むところ（帰住先）の調査"),
        ("帰住地のない受刑者", "出たあと住むところ（帰住地）のない受刑者"),
        ("更生緊急保護として", "刑務所などを出たあとの緊急の手助け（更生緊急保護）として"),
        ("住宅確保要配慮者の住まい", "住まいさがしに配慮が必要な人（住宅確保要配慮者）の住まい"),
        ("矯正施設等からの依頼", "刑務所や少年院など（矯正施設）からの依頼"),
        ("引受人との話合い", "出たあと本人を受け入れる人（引受人）との話合い"),
    ],
)
def test_it_says_a_term_plainly_first(text, expected):
    assert plainly(text) == expected


def test_only_the_first_appearance_is_explained():
    assert (
        plainly("帰住先の調査と帰住先の調整") == "出たあと住むところ（帰住先）の調査と帰住先の調整"
    )


def test_a_term_already_explained_or_inside_a_longer_word_is_left_alone():
    assert plainly("出たあと住むところ（帰住先）") == "出たあと住むところ（帰住先）"
    assert plainly("引受人会で講話") == "引受人会で講話"
    assert plainly("矯正施設長") == "矯正施設長"


def test_text_without_terms_and_empty_text_are_unchanged():
    assert plainly("住まいの相談に応じます。") == "住まいの相談に応じます。"
    assert plainly("") == "" and plainly(None) == ""


def test_it_returns_plain_text_for_the_template_to_escape():
    assert plainly("<b>帰住先</b>") == "<b>出たあと住むところ（帰住先）</b>"
