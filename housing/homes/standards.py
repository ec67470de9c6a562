"""The registration standards of a safety-net home (住宅セーフティネット法), checked with a
clear message: the services and the import ask here."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from housing.homes import selectors
from housing.models import NATIONAL_MIN_FLOOR_AREA

MONEY_FIELDS = ("rent", "common_fee", "deposit")


def standards_problems(local_government, values: dict[str, Any]) -> dict[str, list[str]]:
    """The registration standards a home's values break, as {field: [message]} in Japanese:
    floor area, 耐震性, vacancies within units, money not negative, known attributes."""
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    minimum = selectors.min_floor_area(local_government)
    area = values.get("floor_area")
    if area is not None and Decimal(area) < minimum:
        if minimum == NATIONAL_MIN_FLOOR_AREA:
            add(
                "floor_area",
                _("床面積が登録基準に足りません。%(min)s㎡以上の住宅だけを登録できます。")
                % {"min": _plain(minimum)},
            )
        else:
            add(
                "floor_area",
                _(
                    "床面積が登録基準に足りません。この市の登録基準では%(min)s㎡以上の住宅だけを"
                    "登録できます。"
                )
                % {"min": _plain(minimum)},
            )
    if values.get("earthquake_resistant") is False:
        add("earthquake_resistant", _("耐震性のない住宅は登録できません。"))
    units, vacancies = values.get("units"), values.get("vacancies")
    if units is not None and vacancies is not None and vacancies > units:
        add(
            "vacancies",
            _("空き戸数（%(vacancies)s戸）は戸数（%(units)s戸）以下にしてください。")
            % {"vacancies": vacancies, "units": units},
        )
    if units is not None and units < 1:
        add("units", _("戸数は1戸以上にしてください。"))
    for name in MONEY_FIELDS:
        amount = values.get(name)
        if amount is not None and amount < 0:
            add(name, _("金額は0円以上にしてください。"))
    accepts = values.get("accepts") or 0
    if accepts & ~selectors.known_acceptance_mask(local_government):
        add("accepts", _("この市にない住宅確保要配慮者の区分が含まれています。"))
    return problems


def _plain(number) -> str:
    text = f"{Decimal(number):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
