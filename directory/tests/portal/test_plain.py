"""やさしい日本語: furigana over kanji from SudachiPy (sudachidict_core, split mode C), readings
in hiragana, short sentences."""

import threading
from types import SimpleNamespace

from django.utils.safestring import SafeString

from directory.portal import plain
from directory.search import sudachi
from directory.search.analysis import query_terms


class TestRubyHtml:
    def test_it_puts_the_reading_over_the_kanji_and_leaves_okurigana_outside(self):
        assert plain.ruby_html("住まい") == "<ruby>住<rt>す</rt></ruby>まい"
        assert plain.ruby_html("お金") == "お<ruby>金<rt>かね</rt></ruby>"

    def test_it_reads_a_whole_sentence_word_by_word(self):
        assert plain.ruby_html("住まいの相談に応じます。") == (
            "<ruby>住<rt>す</rt></ruby>まいの<ruby>相談<rt>そうだん</rt></ruby>に"
            "<ruby>応<rt>おう</rt></ruby>じます。"
        )

    def test_it_gives_no_ruby_to_kana_digits_or_latin_letters(self):
        assert plain.ruby_html("24時間") == "24<ruby>時間<rt>じかん</rt></ruby>"
        assert plain.ruby_html("サポートセンター") == "サポートセンター"
        assert plain.ruby_html("DARC") == "DARC"
        assert "<ruby>" not in plain.ruby_html("すむところ")

    def test_a_lone_symbol_gets_no_reading(self):
        # Sudachi reads an isolated 々 as キゴウ ("symbol")
        assert plain.ruby_html("々") == "々"

    def test_it_escapes_everything_else(self):
        html = plain.ruby_html('<script>alert("相談")</script>')
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
        assert "<ruby>相談<rt>そうだん</rt></ruby>" in html

    def test_it_returns_safe_html_and_keeps_line_breaks(self):
        html = plain.ruby_html("電話\n相談")
        assert isinstance(html, SafeString)
        assert html == "<ruby>電話<rt>でんわ</rt></ruby>\n<ruby>相談<rt>そうだん</rt></ruby>"
        assert plain.ruby_html("") == ""


class TestReading:
    def test_it_reads_kanji_and_katakana_in_hiragana(self):
        assert plain.reading("住まい") == "すまい"
        assert plain.reading("更生保護サポートセンター") == "こうせいほごさぽーとせんたー"

    def test_it_keeps_digits_and_latin_letters_as_written(self):
        # Sudachi's reading of 24 is ニシ: not what anyone types
        assert plain.reading("24時間") == "24じかん"
        assert plain.reading("DARC 相談") == "DARC そうだん"


def test_katakana_becomes_hiragana():
    assert plain.to_hiragana("サポート・ヴィラ") == "さぽーと・ゔぃら"


class TestShortSentences:
    def test_it_splits_at_sentence_ends_and_line_breaks(self):
        text = "住まいの相談に応じます。電話してください！\n予約は不要です"
        assert plain.short_sentences(text) == [
            "住まいの相談に応じます。",
            "電話してください！",
            "予約は不要です",
        ]

    def test_the_plain_description_wins_over_the_description(self):
        service = SimpleNamespace(plain_description="すむ ところ。", description="住まいの相談。")
        assert plain.plain_sentences(service) == ["すむ ところ。"]
        service.plain_description = ""
        assert plain.plain_sentences(service) == ["住まいの相談。"]


def test_the_dictionary_is_loaded_once_per_process_and_shared_with_search():
    plain.reading("一度目")
    dictionary = sudachi._dictionary
    assert dictionary is not None
    query_terms("住まいの相談")
    results = []

    def in_another_thread():
        results.append(plain.reading("二度目の相談"))

    thread = threading.Thread(target=in_another_thread)
    thread.start()
    thread.join()
    assert results == ["にどめのそうだん"]
    assert sudachi._dictionary is dictionary
