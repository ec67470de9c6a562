"""The fields of the back office's entries (directory.back_office.services): which fields a
partner may propose and the secretariat may edit, their cleaning (phones, URLs, e-mail
addresses, opening hours, taxonomy terms; ValidationError with Japanese messages), an entry's
values as plain JSON (the snapshots a proposal's before → after compares) and applying values
to an organization or a service."""

from __future__ import annotations

import datetime
import importlib.util
import re
import unicodedata
from itertools import zip_longest
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.web.params import is_digits
from directory.back_office.fields import (
    STAFF_FIELDS,
    clean_staff_values,
    clean_summary,
    staff_values,
)
from directory.models import (
    Organization,
    Phone,
    ReviewStatus,
    Schedule,
    Service,
    Status,
    TaxonomyTerm,
)
from directory.search import fulltext as search

ORGANIZATION = "organization"
SERVICE = "service"
NEW_SERVICE = "new_service"
KIND_LABELS = {
    ORGANIZATION: gettext_lazy("機関・団体の情報の変更"),
    SERVICE: gettext_lazy("支援・サービスの変更"),
    NEW_SERVICE: gettext_lazy("支援・サービスの追加（公開の申請）"),
}

ORGANIZATION_PROPOSAL_FIELDS = ("description", "website", "email")
ORGANIZATION_DIRECT_FIELDS = ("name", "alternate_name", "category", *ORGANIZATION_PROPOSAL_FIELDS)
SERVICE_TEXT_FIELDS = (
    "name",
    "summary",
    "description",
    "plain_description",
    "eligibility_description",
    "application_process",
    "fees_description",
    "url",
    "email",
)
SERVICE_PROPOSAL_FIELDS = (
    *SERVICE_TEXT_FIELDS,
    "status",
    "is_24_hours",
    "phones",
    "schedules",
    "terms",
)
SERVICE_DIRECT_FIELDS = (*SERVICE_PROPOSAL_FIELDS, *STAFF_FIELDS, "review_status")
REVIEW_STATUS_FIELD = "review_status"

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_LABELS = {
    "MO": gettext_lazy("月"),
    "TU": gettext_lazy("火"),
    "WE": gettext_lazy("水"),
    "TH": gettext_lazy("木"),
    "FR": gettext_lazy("金"),
    "SA": gettext_lazy("土"),
    "SU": gettext_lazy("日"),
}
MAX_PHONES = 5
MAX_SCHEDULES = 5
TEXT_LIMIT = 5000
COMMENT_LIMIT = 2000
SHORT_LIMITS = {"name": 200, "alternate_name": 200, "url": 200, "website": 200, "email": 254}

# 3-digit numbers (110, 119, 189 …) and #-numbers (#9110, #7119) are dialled as they are.
SHORT_NUMBER = re.compile(r"1[0-9]{2}|#[0-9]{4}")
PHONE_SHAPE = re.compile(r"0[0-9]*(-[0-9]+)*")
# 11-digit numbers: mobile (070/080/090), IP (050), M2M (020, 060), 0800 toll-free
ELEVEN_DIGIT_PREFIX = re.compile(r"0[25-9]0")
PHONE_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−ーｰ", "-"))  # i18n-data (dash look-alikes)


# --- validation --------------------------------------------------------------------------------


def normalize_phone(number: str) -> str:
    """Return the number in half-width digits and hyphens (０９６－… → 096-…)."""
    text = unicodedata.normalize("NFKC", number or "").translate(PHONE_DASHES).strip()
    return re.sub(r"\s+", "-", text)


def phone_error(number: str) -> str | None:
    """Return why `number` (normalized) is not a Japanese phone number, or None."""
    if SHORT_NUMBER.fullmatch(number):
        return None
    if not PHONE_SHAPE.fullmatch(number):
        return _(
            "電話番号は 096-328-2397 のように、0から始まる数字とハイフンで入力してください"
            "（110・#9110 などの短い番号も使えます）。"
        )
    digits = sum(is_digits(ch) for ch in number)
    if digits not in (10, 11):
        return _(
            "電話番号の桁数が正しくありません。市外局番から10桁または11桁で入力してください"
            "（いまは%(digits)s桁です）。"
        ) % {"digits": digits}
    if digits == 11 and not ELEVEN_DIGIT_PREFIX.match(number.replace("-", "")):
        return _(
            "11桁の電話番号は 090-1234-5678 や 0800-123-4567 のような携帯電話・IP電話などの"
            "番号だけです。固定電話は市外局番から10桁で入力してください。"
        )
    return None


def url_error(url: str) -> str | None:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return _("URLは https:// から始まる形で正しく入力してください。")
    return None


def email_error(email: str) -> str | None:
    try:
        validate_email(email)
    except ValidationError:
        return _("メールアドレスを正しく入力してください。")
    return None


def parse_time(value) -> datetime.time | None:
    if isinstance(value, datetime.time):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,2}:[0-9]{2}", value):
        hours, minutes = (int(part) for part in value.split(":"))
        if hours < 24 and minutes < 60:
            return datetime.time(hours, minutes)
    return None


def schedule_error(days, opens_at, closes_at) -> str | None:
    """Return why an opening-hours row is incomplete or impossible, or None."""
    if not days:
        return _("受付時間の曜日を選んでください。")
    if opens_at is None or closes_at is None:
        return _("受付時間の開始時刻と終了時刻を入力してください。")
    if opens_at >= closes_at:
        return _("終了時刻は開始時刻より後にしてください。")
    return None


def as_text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _clean_text(errors: dict, name: str, value, *, required: bool = False) -> str:
    text = as_text(value)
    limit = SHORT_LIMITS.get(name, TEXT_LIMIT)
    if required and not text:
        errors[name] = _("名称を入力してください。")
    elif len(text) > limit:
        errors[name] = _("%(limit)s文字以内で入力してください。") % {"limit": limit}
    elif text and name in ("url", "website"):
        message = url_error(text)
        if message:
            errors[name] = message
    elif text and name == "email":
        message = email_error(text)
        if message:
            errors[name] = message
    return text


def _clean_phones(errors: dict, rows) -> list[dict]:
    if not isinstance(rows, list):
        errors["phones"] = _("電話番号を読み取れません。")
        return []
    if len(rows) > MAX_PHONES:
        errors["phones"] = _("電話番号は%(limit)s件までです。") % {"limit": MAX_PHONES}
        return []
    cleaned, messages = [], []
    for position, row in enumerate(rows, start=1):
        row = row if isinstance(row, dict) else {}
        number = normalize_phone(as_text(row.get("number")))
        extension = as_text(row.get("extension"))
        kind = row.get("type") or Phone.Type.VOICE
        description = as_text(row.get("description"))
        problem = phone_error(number) if number else _("電話番号を入力してください。")
        if problem is None and extension and not is_digits(extension):
            problem = _("内線は数字で入力してください。")
        if problem is None and kind not in Phone.Type.values:
            problem = _("電話番号の種類を選んでください。")
        if problem is None and (len(extension) > 20 or len(description) > 200):
            problem = _("内線は20文字以内、説明は200文字以内で入力してください。")
        if problem:
            messages.append(_("電話番号%(n)s: %(problem)s") % {"n": position, "problem": problem})
        cleaned.append(
            {"number": number, "extension": extension, "type": kind, "description": description}
        )
    if messages:
        errors["phones"] = messages
    return cleaned


def _clean_schedules(errors: dict, rows) -> list[dict]:
    if not isinstance(rows, list):
        errors["schedules"] = _("受付時間を読み取れません。")
        return []
    if len(rows) > MAX_SCHEDULES:
        errors["schedules"] = _("受付時間は%(limit)s件までです。") % {"limit": MAX_SCHEDULES}
        return []
    cleaned, messages = [], []
    for position, row in enumerate(rows, start=1):
        row = row if isinstance(row, dict) else {}
        days = row.get("byday") or []
        days = days.split(",") if isinstance(days, str) else days
        known = [day for day in WEEKDAYS if day in days]
        opens_at, closes_at = parse_time(row.get("opens_at")), parse_time(row.get("closes_at"))
        notes = as_text(row.get("notes"))
        problem = schedule_error(known, opens_at, closes_at)
        if problem is None and len(known) != len(set(days)):
            problem = _("曜日を読み取れません。")
        if problem is None and len(notes) > 300:
            problem = _("注記は300文字以内で入力してください。")
        if problem:
            messages.append(_("受付時間%(n)s: %(problem)s") % {"n": position, "problem": problem})
            continue
        cleaned.append(
            {
                "byday": ",".join(known),
                "opens_at": opens_at.strftime("%H:%M"),
                "closes_at": closes_at.strftime("%H:%M"),
                "notes": notes,
            }
        )
    if messages:
        errors["schedules"] = messages
    return cleaned


def term_key(term: TaxonomyTerm) -> str:
    """needs:housing style key of a term (codes are unique per taxonomy only)."""
    return f"{term.taxonomy.kind}:{term.code}"


def _terms_by_key(local_government) -> dict[str, TaxonomyTerm]:
    terms = TaxonomyTerm.objects.filter(local_government=local_government).select_related(
        "taxonomy"
    )
    return {term_key(term): term for term in terms}


def _clean_terms(errors: dict, keys, *, local_government) -> list[str]:
    if not isinstance(keys, list) or not all(isinstance(key, str) for key in keys):
        errors["terms"] = _("分類を読み取れません。")
        return []
    known = _terms_by_key(local_government)
    unknown = [key for key in keys if key not in known]
    if unknown:
        errors["terms"] = _("一覧にない分類が含まれています: %(keys)s") % {
            "keys": "、".join(unknown)
        }
    return sorted(set(keys) & set(known))


def clean_organization_values(values: dict, *, fields) -> dict[str, Any]:
    """Return the organization `values` (only `fields`) normalized; raise ValidationError."""
    errors: dict[str, Any] = {}
    cleaned: dict[str, Any] = {}
    for name in fields:
        if name not in values:
            continue
        value = values[name]
        if name == "category":
            if value not in Organization.Category.values:
                errors[name] = _("区分を選んでください。")
            cleaned[name] = value
        elif name == REVIEW_STATUS_FIELD:
            if value not in ReviewStatus.values:
                errors[name] = _("公開状態を選んでください。")
            cleaned[name] = value
        else:
            cleaned[name] = _clean_text(errors, name, value, required=name == "name")
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_service_values(values: dict, *, fields, local_government) -> dict[str, Any]:
    """Return the service `values` (only `fields`) normalized; raise ValidationError."""
    errors: dict[str, Any] = {}
    cleaned: dict[str, Any] = {}
    staff = {name: values[name] for name in STAFF_FIELDS if name in fields and name in values}
    cleaned.update(clean_staff_values(errors, staff, local_government=local_government))
    for name in fields:
        if name not in values or name in STAFF_FIELDS:
            continue
        value = values[name]
        if name == "summary":
            cleaned[name] = clean_summary(errors, value)
        elif name in SERVICE_TEXT_FIELDS:
            cleaned[name] = _clean_text(errors, name, value, required=name == "name")
        elif name == "status":
            if value not in Status.values:
                errors[name] = _("実施状況を選んでください。")
            cleaned[name] = value
        elif name == REVIEW_STATUS_FIELD:
            if value not in ReviewStatus.values:
                errors[name] = _("公開状態を選んでください。")
            cleaned[name] = value
        elif name == "is_24_hours":
            cleaned[name] = value is True
        elif name == "phones":
            cleaned[name] = _clean_phones(errors, value)
        elif name == "schedules":
            cleaned[name] = _clean_schedules(errors, value)
        elif name == "terms":
            cleaned[name] = _clean_terms(errors, value, local_government=local_government)
    if errors:
        raise ValidationError(errors)
    return cleaned


# --- snapshots ---------------------------------------------------------------------------------


def organization_values(organization: Organization, fields=ORGANIZATION_DIRECT_FIELDS) -> dict:
    values = {name: getattr(organization, name) for name in fields}
    values[REVIEW_STATUS_FIELD] = organization.review_status
    return values


def phone_value(phone: Phone) -> dict:
    return {
        "number": phone.number,
        "extension": phone.extension,
        "type": phone.type,
        "description": phone.description,
    }


def schedule_value(schedule: Schedule) -> dict:
    return {
        "byday": schedule.byday,
        "opens_at": schedule.opens_at.strftime("%H:%M") if schedule.opens_at else "",
        "closes_at": schedule.closes_at.strftime("%H:%M") if schedule.closes_at else "",
        "notes": schedule.notes,
    }


def service_values(service: Service) -> dict:
    """The service's editable values as plain JSON (uses prefetched phones, schedules, terms)."""
    values = {name: getattr(service, name) for name in SERVICE_TEXT_FIELDS}
    values["status"] = service.status
    values["is_24_hours"] = service.is_24_hours
    values.update(staff_values(service))
    values[REVIEW_STATUS_FIELD] = service.review_status
    if service.pk is None:
        return {**values, "phones": [], "schedules": [], "terms": []}
    values["phones"] = [phone_value(phone) for phone in service.phones.all()]
    schedules = sorted(service.schedules.all(), key=lambda schedule: schedule.pk)
    values["schedules"] = [schedule_value(schedule) for schedule in schedules]
    values["terms"] = sorted(term_key(term) for term in service.terms.all())
    return values


def changed_values(before: dict, values: dict) -> dict:
    return {name: value for name, value in values.items() if before.get(name) != value}


# --- applying values ---------------------------------------------------------------------------


def apply_organization(organization: Organization, values: dict) -> None:
    for name, value in values.items():
        setattr(organization, name, value)
    organization.full_clean()
    organization.save()


def apply_service(service: Service, values: dict) -> None:
    for name, value in values.items():
        if name not in ("phones", "schedules", "terms"):
            setattr(service, name, value)
    service.full_clean()
    service.save()
    if "phones" in values:
        _apply_phones(service, values["phones"])
    if "schedules" in values:
        _apply_schedules(service, values["schedules"])
    if "terms" in values:
        terms = _terms_by_key(service.local_government)
        service.terms.set([terms[key] for key in values["terms"] if key in terms])
    reindex(service)


def _apply_phones(service: Service, rows: list[dict]) -> None:
    # Rows are updated in place, so an unchanged phone keeps its hsds_id.
    existing = list(service.phones.order_by("position", "pk"))
    for position, (row, phone) in enumerate(zip_longest(rows, existing)):
        if row is None:
            phone.delete()
            continue
        if phone is None:
            phone = Phone(local_government=service.local_government, service=service)
        phone.number = row["number"]
        phone.extension = row["extension"]
        phone.type = row["type"]
        phone.description = row["description"]
        phone.position = position
        phone.full_clean()
        phone.save()


def _apply_schedules(service: Service, rows: list[dict]) -> None:
    existing = list(service.schedules.order_by("pk"))
    for row, schedule in zip_longest(rows, existing):
        if row is None:
            schedule.delete()
            continue
        if schedule is None:
            schedule = Schedule(local_government=service.local_government, service=service)
        schedule.byday = row["byday"]
        schedule.opens_at = parse_time(row["opens_at"])
        schedule.closes_at = parse_time(row["closes_at"])
        schedule.notes = row["notes"]
        schedule.is_24_hours = False
        schedule.full_clean()
        schedule.save()


def reindex(service: Service) -> None:
    """Refresh the service's search text, when the search module is installed."""
    if importlib.util.find_spec("directory.search.fulltext") is None:
        return

    search.reindex_service(service)


def entry_label(organization: Organization, service: Service | None = None) -> str:
    return f"{organization.name} / {service.name}" if service is not None else organization.name
