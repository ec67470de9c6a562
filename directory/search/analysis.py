"""Japanese text analysis for the directory's search (docs/search.md).

A text is folded (NFKC width folding, katakana to hiragana, lower case: core.text.fold) and
turned into two kinds of tokens:
- words: SudachiPy (sudachidict_core) morphemes in split modes A (short units: 相談 / 窓口)
  and C (long units: 相談窓口), their dictionary normal form (すまい -> 住まい) and, for words
  written with kanji, their reading in hiragana (住まい -> すまい); plus synonyms;
- bigrams: every two consecutive characters of the folded text, in order, so that a word
  inside a longer text (困窮 in 生活困窮者) is found as a phrase of bigrams.

The same functions analyse services when they are indexed and queries when they are run, so
both sides always agree. The dictionary is loaded once per process; each thread has its own
tokenizer (a tokenizer holds per-call state)."""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from core.text import fold, katakana_to_hiragana
from directory.search import sudachi

# A token is a run of letters and digits: no spaces, punctuation or underscores, so that
# SQLite's unicode61 tokenizer and PostgreSQL's default parser split it exactly as we do.
WORD_RUN = re.compile(r"[^\W_]+")
JAPANESE_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")
KANJI = re.compile(r"[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # 々 and CJK blocks
KATAKANA_READING = re.compile(r"^[\u30a1-\u30fa\u30fc]+$")
# Morphemes that carry no meaning for search: particles, auxiliary verbs, symbols, spaces.
SKIPPED_POS = frozenset({"助詞", "助動詞", "補助記号", "空白"})  # i18n-data: Sudachi's POS names
# Parts of speech that join into compound words (保護 + 観察, 生活 + 困窮 + 者).
COMPOUND_POS = frozenset({"名詞", "接頭辞", "接尾辞"})  # i18n-data: Sudachi's POS names
PREFIX, SUFFIX = "接頭辞", "接尾辞"  # i18n-data: Sudachi's POS names
COMPOUND_MAX = 3
SPLIT_MODES = ("A", "C")
KANA_ONLY = re.compile(r"^[\u3041-\u3096\u30fc]+$")
# Sudachi refuses very long inputs; descriptions are short, but a pasted text may not be.
CHUNK = 2000

# Words that people use for the same need. Each group is expanded both when a service is
# indexed (a service that says 就労 is also indexed under 仕事, 求人, しごと …) and when a
# query is run (仕事 also looks for 就労 …). Keep the groups short and unambiguous: every
# member of a group finds every service that mentions any other member.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("仕事", "就労", "就職", "求人", "しごと"),  # i18n-data: search vocabulary
    ("住まい", "住居", "住宅", "すまい"),  # i18n-data
    ("薬物", "依存症", "ダルク"),  # i18n-data
    ("お金", "生活費", "生活困窮", "おかね", "借金", "家計"),  # i18n-data
    ("相談", "窓口"),  # i18n-data
)

_local = threading.local()


def _tokenizer():
    """The calling thread's Sudachi tokenizer over the process's one dictionary."""
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        tokenizer = _local.tokenizer = sudachi.dictionary().tokenizer()
    return tokenizer


def _tokenize(text: str, mode: str) -> list:
    """Sudachi's morphemes of `text` (NFKC, one line of at most CHUNK characters) in split
    mode "A" (short units) or "C" (long units)."""
    from sudachipy import SplitMode

    if not text.strip():
        return []
    return list(_tokenizer().tokenize(text, SplitMode.A if mode == "A" else SplitMode.C))


def runs(folded: str) -> list[str]:
    """The runs of letters and digits of a folded text."""
    return WORD_RUN.findall(folded)


def bigrams(run: str) -> tuple[str, ...]:
    """Consecutive character pairs of one run (a one-character run is its own token)."""
    if len(run) < 2:
        return (run,) if run else ()
    return tuple(run[i : i + 2] for i in range(len(run) - 1))


def reading(morpheme) -> str:
    """The hiragana reading of a morpheme written with kanji, or "" (kana are their own
    reading; Sudachi's readings of digits and Latin letters are not what people type)."""
    form = morpheme.reading_form()
    if not KANJI.search(morpheme.surface()) or not KATAKANA_READING.match(form):
        return ""
    return katakana_to_hiragana(form)


def _fold_runs(text: str) -> list[str]:
    """Folded runs of an NFKC text. Spaces between Japanese characters are dropped (a PDF's
    line breaks and justification put them inside words); other spaces separate words."""
    text = JAPANESE_GAP.sub("", text)
    return [run for part in WORD_RUN.findall(text) for run in runs(fold(part))]


@dataclass(frozen=True)
class Analysis:
    words: tuple[str, ...]  # distinct, in order of appearance
    bigrams: tuple[str, ...]  # in text order (positions matter: phrases)
    folded: str  # the folded runs joined by spaces, for synonym look-up


def _compounds(morphemes: list) -> list[str]:
    """Words made of 2–3 consecutive nouns of split mode A, written and read: 保護観察 and
    ほごかんさつ, which Sudachi splits into 保護 / 観察 even in mode C."""
    words = []
    for start in range(len(morphemes)):
        for end in range(start + 2, min(start + COMPOUND_MAX, len(morphemes)) + 1):
            part = morphemes[start:end]
            if not all(m.part_of_speech()[0] in COMPOUND_POS for m in part):
                break
            if part[0].part_of_speech()[0] == SUFFIX or part[-1].part_of_speech()[0] == PREFIX:
                continue  # a suffix does not start a word, nor a prefix end it
            words.append("".join(m.surface() for m in part))
            readings = [reading(m) or katakana_to_hiragana(m.surface()) for m in part]
            if all(KANA_ONLY.match(r) for r in readings):
                words.append("".join(readings))
    return words


@lru_cache(maxsize=1024)
def analyse(text: str) -> Analysis:
    """Return the words and bigrams of one text (a name, a description …)."""
    normalized = unicodedata.normalize("NFKC", text or "")
    words: dict[str, None] = {}

    def add(form: str) -> None:
        for run in _fold_runs(form):
            if len(run) > 1 or KANJI.match(run):  # a lone kana (し, で) finds everything
                words[run] = None

    for line in normalized.splitlines():
        for start in range(0, len(line), CHUNK):
            chunk = line[start : start + CHUNK]
            for mode in SPLIT_MODES:
                morphemes = _tokenize(chunk, mode)
                for morpheme in morphemes:
                    if morpheme.part_of_speech()[0] not in SKIPPED_POS:
                        add(morpheme.surface())
                        add(morpheme.normalized_form())
                        add(reading(morpheme))
                if mode == "A":
                    for compound in _compounds(morphemes):
                        add(compound)
    folded_runs = _fold_runs(normalized)
    sequence = tuple(bigram for run in folded_runs for bigram in bigrams(run))
    return Analysis(words=tuple(words), bigrams=sequence, folded=" ".join(folded_runs))


@lru_cache(maxsize=1)
def _synonym_groups() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold(word) for word in group) for group in SYNONYMS)


def synonyms_of(word: str) -> tuple[str, ...]:
    """The folded members of every synonym group that holds the folded `word` (or ())."""
    found: dict[str, None] = {}
    for group in _synonym_groups():
        if word in group:
            found.update(dict.fromkeys(group))
    return tuple(found)


def document_synonyms(words: set[str], folded_text: str) -> list[str]:
    """The synonyms a document is indexed under: the whole group of every member it holds as
    a word, or (members with kanji) anywhere in its text (就労 inside 就労支援)."""
    found: dict[str, None] = {}
    for group in _synonym_groups():
        if any(
            member in words or (KANJI.search(member) and member in folded_text) for member in group
        ):
            found.update(dict.fromkeys(group))
    return list(found)


def index_text(weighted_texts: list[str], other_texts: list[str]) -> str:
    """Return the space-separated tokens of a document: the words of all its texts (the
    weighted ones first, their words twice so that they count more), synonyms, then the
    bigram sequence of each text.

    The result is what Service.search_text holds and what both databases index."""
    analyses = [analyse(text) for text in weighted_texts if text]
    others = [analyse(text) for text in other_texts if text]
    words: dict[str, None] = {}
    for analysis in analyses + others:
        words.update(dict.fromkeys(analysis.words))
    folded_text = " ".join(analysis.folded for analysis in analyses + others)
    extra = [word for word in document_synonyms(set(words), folded_text) if word not in words]
    weighted_words = [word for analysis in analyses for word in analysis.words]
    parts = [*weighted_words, *words, *extra]
    for analysis in analyses + others:
        parts.extend(analysis.bigrams)
    return " ".join(parts)


@dataclass(frozen=True)
class Alternative:
    """One way a query term may match: a single token, a phrase of bigrams (consecutive
    tokens), or a token prefix (one-character terms)."""

    tokens: tuple[str, ...]
    text: str  # the folded text it stands for (for the name check of the ranking)
    prefix: bool = False


def term_alternatives(term: str) -> list[Alternative]:
    """The ways one query term (a run of letters, NFKC) may match a document: itself as a
    word or inside a longer text, its dictionary normal form, and its synonyms."""
    folded = fold(term)
    if not folded:
        return []
    if len(folded) == 1:
        return [Alternative((folded,), folded, prefix=True)]
    alternatives: dict[Alternative, None] = {}

    def add(word: str) -> None:
        alternatives[Alternative((word,), word)] = None
        if len(word) > 2:
            alternatives[Alternative(bigrams(word), word)] = None

    add(folded)
    normal_forms = {fold(m.normalized_form()) for m in _tokenize(term[:CHUNK], "C")}
    if len(normal_forms) == 1:  # one word written another way: すまい -> 住まい
        for form in normal_forms:
            for run in runs(form):
                add(run)
    for word in synonyms_of(folded):
        add(word)
    return list(alternatives)


def query_terms(query: str) -> list[list[Alternative]]:
    """Split a query into terms (on spaces of any width and on punctuation), every one of
    which must match, each as a list of alternatives of which one must match."""
    normalized = unicodedata.normalize("NFKC", query or "")
    terms = []
    for run in WORD_RUN.findall(normalized):
        alternatives = term_alternatives(run)
        if alternatives:
            terms.append(alternatives)
    return terms
