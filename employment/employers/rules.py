"""The rules of an employer's details, shared by the forms, the list import and the services:
which fields who may change, the size bands, and `check_values` (normalize, then the messages
per field). `folded_name` spots the same employer twice."""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any

from django.utils.translation import gettext as _

from core.text import katakana_to_hiragana
from employment.models import Employer, Industry

# What an employer may change about itself; the secretariat may also set the hiring record
# from before the system.
COMPANY_FIELDS = (
    "name",
    "name_kana",
    "industry",
    "postal_code",
    "address",
    "ward",
    "size",
    "employees",
    "registered_with_probation_office",
    "registered_on",
    "contact_name",
    "contact_phone",
    "contact_email",
    "is_public",
)
SECRETARIAT_FIELDS = (*COMPANY_FIELDS, "hires_before_registration")

SIZE_BOUNDS = {  # size -> (fewest, most) employees
    Employer.Size.XS: (1, 9),
    Employer.Size.S: (10, 49),
    Employer.Size.M: (50, 299),
    Employer.Size.L: (300, None),
}
POSTAL_CODE = re.compile(r"^(\d{3})-?(\d{4})$")
PHONE = re.compile(r"^[0-9()\-]+$")
KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
FIRST_REGISTRATION_YEAR = 1950
# dashes people type in numbers: minus sign, hyphen, en and em dash, the long vowel mark
DASHES = re.compile("[\u2010-\u2015\u2212\u30fc\uff0d]")  # i18n-data


def size_for(employees: int) -> str:
    """The size band of a number of employees."""
    for size, (fewest, most) in SIZE_BOUNDS.items():
        if employees >= fewest and (most is None or employees <= most):
            return size
    return Employer.Size.XS


def folded_name(name: str) -> str:
    """A name for spotting the same employer twice: width, case and spaces folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or "")).lower()


# --- the rules -------------------------------------------------------------------------------


def check_values(
    values: dict[str, Any],
    *,
    today: datetime.date,
    require_contact: bool = False,
) -> dict[str, list[str]]:
    """Normalize `values` in place (postal code, kana, phone, size from the number of
    employees) and return {field: [messages]} for what breaks the rules. Only the fields
    present in `values` are checked."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for name in ("name", "name_kana", "address", "ward", "contact_name", "contact_phone"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()
    if "name" in values and not values["name"]:
        add("name", _("事業所名を入力してください。"))
    if "industry" in values and values["industry"] not in Industry.values:
        add("industry", _("業種を一覧から選んでください。"))

    kana = values.get("name_kana")
    if kana:
        kana = unicodedata.normalize("NFKC", kana)  # half-width katakana to full width
        if KANJI.search(kana):
            add("name_kana", _("ふりがなは、ひらがなかカタカナで入力してください。"))
        else:
            values["name_kana"] = katakana_to_hiragana(kana)

    postal_code = values.get("postal_code")
    if postal_code:
        text = DASHES.sub("-", unicodedata.normalize("NFKC", postal_code).strip())
        match = POSTAL_CODE.match(text)
        if match:
            values["postal_code"] = f"{match.group(1)}-{match.group(2)}"
        else:
            add("postal_code", _("郵便番号は 860-8601 のように7桁の数字で入力してください。"))

    phone = values.get("contact_phone")
    if phone:
        phone = unicodedata.normalize("NFKC", phone)
        phone = values["contact_phone"] = DASHES.sub("-", phone).replace(" ", "")
        digits = re.sub(r"\D", "", phone)
        if not PHONE.match(phone) or not 10 <= len(digits) <= 11:
            add(
                "contact_phone",
                _("電話番号は 096-328-2111 のように市外局番から数字で入力してください。"),
            )

    employees = values.get("employees")
    size = values.get("size")
    if employees is not None:
        if employees < 1:
            add("employees", _("従業員数は1人以上で入力してください。"))
        elif not size:
            values["size"] = size_for(employees)
        elif size != size_for(employees):
            add(
                "size",
                _(
                    "従業員規模が従業員数（%(employees)s人）と合いません。「%(size)s」を選んでください。"
                )
                % {"employees": employees, "size": Employer.Size(size_for(employees)).label},
            )

    if "registered_with_probation_office" in values:
        registered = values["registered_with_probation_office"]
        registered_on = values.get("registered_on")
        # The date is not required: an employer may not know it (the probation office
        # keeps the registration), and the secretariat may add it later.
        if not registered and registered_on:
            add(
                "registered_on",
                _("保護観察所に登録していない場合、登録日は空欄にしてください。"),
            )
        if registered_on and registered_on > today:
            add("registered_on", _("登録日が未来の日付です。登録した日を入力してください。"))
        elif registered_on and registered_on.year < FIRST_REGISTRATION_YEAR:
            add("registered_on", _("登録日の年が古すぎます。西暦で入力してください。"))

    if require_contact:
        if not values.get("contact_name"):
            add("contact_name", _("担当者名を入力してください。"))
        if not values.get("contact_phone") and "contact_phone" not in errors:
            add("contact_phone", _("担当者の電話番号を入力してください。"))
        if not values.get("contact_email"):
            add(
                "contact_email",
                _("アカウントのご案内をお送りするため、担当者のメールアドレスを入力してください。"),
            )
    if values.get("contact_email"):
        values["contact_email"] = values["contact_email"].strip()
    return errors
