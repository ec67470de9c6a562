"""Japanese text folding for search: the same word in any width or kana matches."""

import re
import unicodedata

_KATAKANA_START = 0x30A1  # ァ
_KATAKANA_END = 0x30F4  # ヴ (ヵ and ヶ are counters and stay)
_KANA_SHIFT = 0x60
_SPACES = re.compile(r"\s+")


def katakana_to_hiragana(text: str) -> str:
    return "".join(
        chr(ord(ch) - _KANA_SHIFT) if _KATAKANA_START <= ord(ch) <= _KATAKANA_END else ch
        for ch in text
    )


def fold(text: str) -> str:
    """Return `text` folded for matching: NFKC width folding, katakana to hiragana,
    lower case, and no whitespace (Japanese has no word spaces; the PDF added some)."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text)
    folded = katakana_to_hiragana(folded).lower()
    return _SPACES.sub("", folded)


def search_terms(query: str) -> list[str]:
    """Split a user's query on whitespace (of any width) into folded terms."""
    normalized = unicodedata.normalize("NFKC", query or "")
    return [term for term in (fold(part) for part in normalized.split()) if term]
