"""やさしい日本語 helpers: furigana (ruby) over kanji and hiragana readings, from SudachiPy with
sudachidict_core (split mode C, so that 保護観察 stays readable as two known words and
a place name stays whole).

The dictionary is loaded once per process (it is large and read-only); a tokenizer holds
per-call state, so each thread gets its own."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from directory.search import sudachi

KANJI = re.compile(r"[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # 々 and the CJK blocks
KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc]")
KATAKANA_READING = re.compile(r"^[\u30a1-\u30fa\u30fc]+$")
SENTENCE_END = re.compile(r"(?<=[。！？!?])")
FIRST_KATAKANA, LAST_KATAKANA = "\u30a1", "\u30f6"  # i18n-data: ァ … ヶ
KANA_OFFSET = 0x60  # from katakana to the same hiragana
# Sudachi reads a lone symbol as キゴウ ("symbol"): such tokens get no reading.
NO_READING = frozenset({"補助記号", "空白"})  # i18n-data: Sudachi's part-of-speech names
# Sudachi refuses very long inputs; descriptions are short, but a pasted text may not be.
CHUNK = 2000

_local = threading.local()


def _tokenizer():
    """The calling thread's tokenizer over the process's one dictionary."""
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        from sudachipy import SplitMode

        tokenizer = _local.tokenizer = sudachi.dictionary().tokenizer(mode=SplitMode.C)
    return tokenizer


def _morphemes(text: str):
    tokenizer = _tokenizer()
    for line in text.splitlines(keepends=True):
        for start in range(0, len(line), CHUNK):
            chunk = line[start : start + CHUNK]
            if chunk.strip():
                yield from tokenizer.tokenize(chunk)
            else:
                yield chunk  # blank text: kept as it is


def to_hiragana(text: str) -> str:
    """Katakana -> hiragana (ー and other characters unchanged): サポート -> さぽーと"""
    return "".join(
        chr(ord(ch) - KANA_OFFSET) if FIRST_KATAKANA <= ch <= LAST_KATAKANA else ch for ch in text
    )


def _has_reading(morpheme) -> bool:
    return morpheme.part_of_speech()[0] not in NO_READING and bool(
        KATAKANA_READING.match(morpheme.reading_form())
    )


def _token_reading(morpheme) -> str | None:
    """The hiragana reading of a token with kanji, or None when the dictionary has none."""
    if not KANJI.search(morpheme.surface()) or not _has_reading(morpheme):
        return None
    return to_hiragana(morpheme.reading_form())


def _ruby(surface: str, reading: str) -> str:
    """Ruby over the kanji part of one word: kana that the surface shares with its reading
    at either end (okurigana such as 住まい's まい) stays outside the ruby."""
    folded = to_hiragana(surface)
    head = 0
    while (
        head < len(surface) - 1
        and head < len(reading)
        and not KANJI.match(surface[head])
        and folded[head] == reading[head]
    ):
        head += 1
    tail = 0
    while (
        tail < len(surface) - head - 1
        and tail < len(reading) - head - 1
        and not KANJI.match(surface[-1 - tail])
        and folded[-1 - tail] == reading[-1 - tail]
    ):
        tail += 1
    end = len(surface) - tail
    core, core_reading = surface[head:end], reading[head : len(reading) - tail]
    if not core_reading or not KANJI.search(core):
        return escape(surface)
    return (
        f"{escape(surface[:head])}<ruby>{escape(core)}<rt>{escape(core_reading)}</rt></ruby>"
        f"{escape(surface[end:])}"
    )


@lru_cache(maxsize=4096)
def _ruby_html(text: str) -> str:
    parts = []
    for morpheme in _morphemes(text):
        if isinstance(morpheme, str):
            parts.append(escape(morpheme))
            continue
        surface = morpheme.surface()
        reading = _token_reading(morpheme)
        parts.append(_ruby(surface, reading) if reading else escape(surface))
    return "".join(parts)


def ruby_html(text: str) -> SafeString:
    """Return `text` as HTML with <ruby>漢字<rt>かんじ</rt></ruby> over the words that hold
    kanji; everything else escaped."""
    if not text:
        return mark_safe("")
    return mark_safe(_ruby_html(str(text)))


@lru_cache(maxsize=4096)
def reading(text: str) -> str:
    """Return the hiragana reading of a text: 住まいの相談 -> すまいのそうだん. Words without
    kana or kanji (numbers, Latin letters, symbols, spaces) are kept as written."""
    if not text:
        return ""
    parts = []
    for morpheme in _morphemes(text):
        if isinstance(morpheme, str):
            parts.append(morpheme)
            continue
        surface = morpheme.surface()
        if (KANJI.search(surface) or KANA.search(surface)) and _has_reading(morpheme):
            parts.append(to_hiragana(morpheme.reading_form()))
        else:
            parts.append(to_hiragana(surface))
    return "".join(parts)


def short_sentences(text: str) -> list[str]:
    """Split a text into its sentences (at 。！？ and line breaks), without empty ones."""
    sentences = []
    for line in (text or "").splitlines():
        sentences.extend(part.strip() for part in SENTENCE_END.split(line))
    return [sentence for sentence in sentences if sentence]


def plain_sentences(service) -> list[str]:
    """The short sentences a service is described with in やさしい日本語 mode: its plain
    description when it has one, else its description cut into sentences."""
    return short_sentences(service.plain_description or service.description)
