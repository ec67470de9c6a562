"""Crisis first (directory/crisis/terms.py): folding for crisis matching, the default list of the
plan package (one test per term), whom to call (the crisis lines, the general windows), and
the crisis-term part of a plan package (directory/crisis_package.py)."""

import csv
import io
import unicodedata

import pytest
from django.core.management import call_command

from conftest import KUMAMOTO_PACKAGE
from core.tests.factories import LocalGovernmentFactory
from directory.crisis import terms as crisis
from directory.crisis_package import (
    CrisisTermsInvalid,
    crisis_terms_load_package,
    read_crisis_terms,
    write_crisis_terms,
)
from directory.models import CrisisTerm, Reach, Service
from directory.tests.factories import OrganizationFactory, PhoneFactory, ServiceFactory

DEFAULT_FILE = KUMAMOTO_PACKAGE / "directory" / "crisis_terms.csv"
DEFAULT_TERMS = [row["text"] for row in csv.DictReader(io.StringIO(DEFAULT_FILE.read_text()))]
ORDINARY_QUERIES = [
    "仕事",
    "住まい",
    "借金",
    "すまい",
    "お酒",
    "保護観察",
    "家族の相談",
    "就労支援",
]


def to_katakana(text: str) -> str:
    return "".join(chr(ord(ch) + 0x60) if "ぁ" <= ch <= "ゖ" else ch for ch in text)


@pytest.fixture
def body(db):
    """A fictional local government with Kumamoto's default list."""
    local_government = LocalGovernmentFactory()
    crisis_terms_load_package(
        local_government=local_government, package=read_crisis_terms(KUMAMOTO_PACKAGE)
    )
    local_government.refresh_from_db()
    return local_government


# --- folding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    ["死にたい", "しにたい", "シニタイ", "ｼﾆﾀｲ", "死に たい", "死にたい！", "ＳＨＩ死にたい"],
)
def test_the_spellings_of_shinitai_fold_to_one(spelling):
    assert crisis.fold(spelling).reading.endswith("しにたい")


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("死にたい", "死にたい"),
        ("しにたい", "死にたい"),
        ("シニタイ", "死にたい"),
        ("ｼﾆﾀｲ", "死にたい"),
        ("もう死にたいです", "死にたい"),
        ("生きるのが辛い", "生きるのがつらい"),
        ("いきるのがつらい", "生きるのがつらい"),
        ("殺される", "殺される"),
        ("ころされる", "殺される"),
        ("コロサレル", "殺される"),
        ("助けて", "助けて"),
        ("たすけて", "助けて"),
        ("今すぐ 助けて！", "今すぐ助けて"),
        ("暴力を振るわれている", "暴力をふるわれている"),
        ("ＤＶ", "DV"),
        ("dv", "DV"),
    ],
)
def test_width_kana_okurigana_spaces_and_punctuation_are_folded(text, term):
    assert crisis.fold(text).contains(crisis.fold(term))


def test_other_words_do_not_contain_a_term():
    assert not crisis.fold("仕事").contains(crisis.fold("死にたい"))
    assert not crisis.fold("生きがい").contains(crisis.fold("生きるのがつらい"))


def test_symbols_alone_fold_to_nothing():
    assert crisis.fold("！？ 、。").spelling == ""
    assert crisis.fold("").reading == ""


# --- the default list: a test per term -------------------------------------------------------


def test_the_default_list_holds_the_issues_terms():
    for term in ["死にたい", "消えたい", "自殺", "生きるのがつらい", "殺される"]:
        assert term in DEFAULT_TERMS
    assert "暴力をふるわれている" in DEFAULT_TERMS and "今すぐ助けて" in DEFAULT_TERMS


@pytest.mark.parametrize("term", DEFAULT_TERMS)
def test_each_default_term_signals_a_crisis_in_every_spelling(body, term):
    reading = crisis.fold(term).reading
    for text in {
        term,
        reading,
        to_katakana(reading),
        unicodedata.normalize("NFKC", term).upper(),
        f"もう{term}です",
        f"{term}。どうしたらいい？",
    }:
        assert crisis.signals_crisis(body, text), text


@pytest.mark.parametrize("query", ORDINARY_QUERIES)
def test_ordinary_queries_do_not(body, query):
    assert not crisis.signals_crisis(body, query)


def test_the_list_is_the_bodys_and_a_change_is_seen_at_the_next_revision(body):
    other = LocalGovernmentFactory()
    assert not crisis.signals_crisis(other, "死にたい")
    assert not crisis.signals_crisis(body, "つらくてねむれない")
    CrisisTerm.objects.create(local_government=body, text="ねむれない", position=99)
    assert not crisis.signals_crisis(body, "つらくてねむれない")  # the cached list
    body.bump_content_revision()
    body.refresh_from_db()
    assert crisis.signals_crisis(body, "つらくてねむれない")


def test_the_folded_list_is_read_once_per_revision(body, django_assert_num_queries):
    crisis.signals_crisis(body, "仕事")
    with django_assert_num_queries(0):
        assert crisis.signals_crisis(body, "しにたい")
        assert not crisis.signals_crisis(body, "住まい")


def test_empty_text_never_signals(body):
    assert not crisis.signals_crisis(body, "")
    assert not crisis.signals_crisis(body, "   ")
    assert not crisis.signals_crisis(body, "！！")


# --- whom to call ----------------------------------------------------------------------------


def test_kumamotos_crisis_lines_start_with_inochi_then_kokoro(kumamoto):
    lines = crisis.crisis_lines(kumamoto.local_government)
    names = [card.organization.name for card in lines]
    assert names[:2] == ["熊本いのちの電話", "熊本こころの電話"]
    assert set(names) == {
        "熊本いのちの電話",
        "熊本こころの電話",
        "熊本県24時間子どもSOSダイヤル",
        "性暴力被害者のためのサポートセンター「ゆあさいどくまもと」",
        "熊本市子ども・若者総合相談センター",
    }
    assert all(card.voice_phones for card in lines)
    assert [p.number for p in lines[0].voice_phones] == ["096-353-4343", "0120-783556"]


def test_the_crisis_lines_take_a_fixed_number_of_queries(kumamoto, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        crisis.crisis_lines(kumamoto.local_government)


def test_general_windows_are_the_marked_public_services(db):
    local_government = LocalGovernmentFactory()
    assert crisis.general_windows(local_government) == []
    organization = OrganizationFactory(local_government=local_government)
    window = ServiceFactory(
        organization=organization, name="総合相談（架空）", is_general_window=True
    )
    ServiceFactory(organization=organization, name="ほかの窓口（架空）")
    ServiceFactory(
        organization=organization,
        name="下書き（架空）",
        is_general_window=True,
        review_status="draft",
    )
    PhoneFactory(local_government=local_government, service=window, number="096-000-0009")
    assert [card.service for card in crisis.general_windows(local_government)] == [window]


# --- the package part ------------------------------------------------------------------------


def write(tmp_path, text):
    folder = tmp_path / "directory"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "crisis_terms.csv").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_package_without_the_file_has_no_list(tmp_path):
    assert read_crisis_terms(tmp_path) is None


def test_every_bad_row_is_named(tmp_path):
    long = "あ" * 61
    path = write(tmp_path, f"text\n死にたい\n\n！！\nシニタイ\n{long}\n,\n")
    with pytest.raises(CrisisTermsInvalid) as caught:
        read_crisis_terms(path)
    messages = [str(error) for error in caught.value.errors]
    assert any("crisis_terms.csv:4" in m and "文字がありません" in m for m in messages)
    assert any("crisis_terms.csv:5" in m and "2行目と同じ言葉" in m for m in messages)
    assert any("crisis_terms.csv:6" in m and "60文字以内" in m for m in messages)
    assert len(messages) >= 3


def test_a_wrong_header_is_refused(tmp_path):
    with pytest.raises(CrisisTermsInvalid, match="見出し行は text"):
        read_crisis_terms(write(tmp_path, "word\n死にたい\n"))


def test_loading_adds_the_missing_terms_and_keeps_the_secretariats(body, tmp_path):
    CrisisTerm.objects.create(local_government=body, text="ねむれない", position=50)
    CrisisTerm.objects.filter(local_government=body, text="自殺").delete()
    result = crisis_terms_load_package(
        local_government=body, package=read_crisis_terms(KUMAMOTO_PACKAGE)
    )
    assert result.counts["created"] == 1 and result.counts["kept"] == 1
    texts = set(CrisisTerm.objects.filter(local_government=body).values_list("text", flat=True))
    assert "自殺" in texts and "ねむれない" in texts
    again = crisis_terms_load_package(
        local_government=body, package=read_crisis_terms(KUMAMOTO_PACKAGE)
    )
    assert not again.changed


def test_the_list_is_written_back_as_the_package_reads_it(body, tmp_path):
    assert write_crisis_terms(body, tmp_path) == len(DEFAULT_TERMS)
    package = read_crisis_terms(tmp_path)
    assert [row.text for row in package.terms] == DEFAULT_TERMS


def test_load_plan_loads_the_list_into_a_body_that_has_none(db, capsys):
    call_command("load_plan", str(KUMAMOTO_PACKAGE))
    out = capsys.readouterr().out
    assert f"crisis terms: {len(DEFAULT_TERMS)} crisis terms (created {len(DEFAULT_TERMS)}" in out
    CrisisTerm.objects.all().delete()
    call_command("load_plan", str(KUMAMOTO_PACKAGE))
    assert CrisisTerm.objects.count() == len(DEFAULT_TERMS)


def test_a_crisis_line_for_professionals_only_is_not_offered(kumamoto):
    lg = kumamoto.local_government
    Service.objects.filter(local_government=lg, organization__name="熊本こころの電話").update(
        reach=Reach.PROFESSIONAL
    )
    names = [card.organization.name for card in crisis.crisis_lines(lg)]
    assert "熊本こころの電話" not in names and names[0] == "熊本いのちの電話"
