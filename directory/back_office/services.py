"""Writes of the directory's back office: a partner proposes changes to the entries it keeps,
the secretariat approves or rejects them, edits directly, assigns maintainers, and either marks
an entry as verified.

Every function checks who may do it (directory.access), validates (ValidationError with
Japanese messages), runs in one transaction and writes an audit entry with the values before
→ after. What changes public pages also expires their cache (bump_content_revision) and
refreshes the service's search text (directory.search.fulltext.reindex_service, when present).

A proposal is a ChangeRequest whose `proposed` JSON is
`{"kind": "organization" | "service" | "new_service", "values": {field: value},
"before": {field: value}}`: `values` holds only the fields that differ from the entry at the
time of the proposal, `before` their values then. Phones, schedules and taxonomy terms are
plain JSON (see `service_values`). A new service is saved at once as a draft (not public) and
its request asks for publication."""

from __future__ import annotations

import datetime
import importlib.util
import re
import unicodedata
from itertools import zip_longest
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit
from core.params import is_digits
from directory import access
from directory.back_office.fields import (
    STAFF_FIELDS,
    clean_staff_values,
    clean_summary,
    staff_values,
)
from directory.models import (
    ChangeRequest,
    Organization,
    Phone,
    ReviewStatus,
    Schedule,
    Service,
    Status,
    TaxonomyTerm,
)

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


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _clean_text(errors: dict, name: str, value, *, required: bool = False) -> str:
    text = _text(value)
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
        number = normalize_phone(_text(row.get("number")))
        extension = _text(row.get("extension"))
        kind = row.get("type") or Phone.Type.VOICE
        description = _text(row.get("description"))
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
        notes = _text(row.get("notes"))
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


def _changed(before: dict, values: dict) -> dict:
    return {name: value for name, value in values.items() if before.get(name) != value}


# --- applying values ---------------------------------------------------------------------------


def _apply_organization(organization: Organization, values: dict) -> None:
    for name, value in values.items():
        setattr(organization, name, value)
    organization.full_clean()
    organization.save()


def _apply_service(service: Service, values: dict) -> None:
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
    from directory.search import fulltext as search

    search.reindex_service(service)


def _label(organization: Organization, service: Service | None = None) -> str:
    return f"{organization.name} / {service.name}" if service is not None else organization.name


# --- proposals (partners) ----------------------------------------------------------------------


def _refuse_if_pending(organization: Organization, service: Service | None) -> None:
    pending = ChangeRequest.objects.filter(
        organization=organization, service=service, state=ChangeRequest.State.PENDING
    )
    if pending.exists():
        raise ValidationError(
            _("確認待ちの変更申請があります。事務局が確認するまで、新しい申請はできません。")
        )


def _propose(*, actor, organization, service, kind, values, before) -> ChangeRequest:
    change_request = ChangeRequest.objects.create(
        local_government=organization.local_government,
        organization=organization,
        service=service,
        proposed={"kind": kind, "values": values, "before": before},
        submitted_by=actor,
    )
    audit.record(
        actor=actor,
        action="directory_change.propose",
        local_government=organization.local_government,
        obj=change_request,
        object_label=_label(organization, service),
        changes=audit.diff(before, values),
    )
    return change_request


@transaction.atomic
def organization_change_propose(
    *, actor, organization: Organization, values: dict
) -> ChangeRequest:
    """Propose a change to an organization's description, website or email."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not access.can_propose(actor, organization):
        raise PermissionDenied
    _refuse_if_pending(organization, None)
    cleaned = clean_organization_values(values, fields=ORGANIZATION_PROPOSAL_FIELDS)
    current = organization_values(organization)
    changed = _changed(current, cleaned)
    if not changed:
        raise ValidationError(_("変更された項目がありません。"))
    before = {name: current[name] for name in changed}
    return _propose(
        actor=actor,
        organization=organization,
        service=None,
        kind=ORGANIZATION,
        values=changed,
        before=before,
    )


@transaction.atomic
def service_change_propose(*, actor, service: Service, values: dict) -> ChangeRequest:
    """Propose a change to a service. A draft service (not public) is changed at once and
    its request asks for publication."""
    service = Service.objects.select_for_update().select_related("organization").get(pk=service.pk)
    organization = service.organization
    if not access.can_propose(actor, organization):
        raise PermissionDenied
    _refuse_if_pending(organization, service)
    cleaned = clean_service_values(
        values, fields=SERVICE_PROPOSAL_FIELDS, local_government=service.local_government
    )
    current = service_values(service)
    changed = _changed(current, cleaned)
    before = {name: current[name] for name in changed}
    if service.review_status == ReviewStatus.DRAFT:
        _apply_service(service, changed)
        return _propose(
            actor=actor,
            organization=organization,
            service=service,
            kind=NEW_SERVICE,
            values=changed,
            before=before,
        )
    if not changed:
        raise ValidationError(_("変更された項目がありません。"))
    return _propose(
        actor=actor,
        organization=organization,
        service=service,
        kind=SERVICE,
        values=changed,
        before=before,
    )


@transaction.atomic
def service_propose_new(*, actor, organization: Organization, values: dict) -> ChangeRequest:
    """Add a service as a draft and ask the secretariat to publish it."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not access.can_propose(actor, organization):
        raise PermissionDenied
    cleaned = clean_service_values(
        values, fields=SERVICE_PROPOSAL_FIELDS, local_government=organization.local_government
    )
    if "name" not in cleaned:
        raise ValidationError({"name": _("名称を入力してください。")})
    service = Service(
        local_government=organization.local_government,
        organization=organization,
        review_status=ReviewStatus.DRAFT,
        position=organization.services.count() + 1,
    )
    _apply_service(service, cleaned)
    return _propose(
        actor=actor,
        organization=organization,
        service=service,
        kind=NEW_SERVICE,
        values=cleaned,
        before={},
    )


# --- review (secretariat) ----------------------------------------------------------------------


def _pending_for_review(actor, change_request: ChangeRequest) -> ChangeRequest:
    change_request = (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("local_government", "organization", "service")
        .get(pk=change_request.pk)
    )
    if not access.can_review(actor, change_request.local_government):
        raise PermissionDenied
    if change_request.state != ChangeRequest.State.PENDING:
        raise ValidationError(_("この変更申請はすでに確認済みです。"))
    return change_request


def _close(change_request, *, actor, state, comment) -> None:
    change_request.state = state
    change_request.reviewed_by = actor
    change_request.reviewed_at = timezone.now()
    change_request.comment = comment
    change_request.save(update_fields=["state", "reviewed_by", "reviewed_at", "comment"])


def _clean_comment(comment: str) -> str:
    comment = _text(comment)
    if len(comment) > COMMENT_LIMIT:
        raise ValidationError(
            {
                "comment": _("コメントは%(limit)s文字以内で入力してください。")
                % {"limit": COMMENT_LIMIT}
            }
        )
    return comment


@transaction.atomic
def change_approve(*, actor, change_request: ChangeRequest, comment: str = "") -> ChangeRequest:
    """Apply the proposed change, publish it and record it; the entry counts as verified today."""
    change_request = _pending_for_review(actor, change_request)
    comment = _clean_comment(comment)
    local_government = change_request.local_government
    kind = (
        change_request.proposed.get("kind") if isinstance(change_request.proposed, dict) else None
    )
    values = change_request.proposed.get("values") if kind else None
    if kind not in KIND_LABELS or not isinstance(values, dict):
        raise ValidationError(_("変更内容を読み取れません。この申請は見送ってください。"))
    today = timezone.localdate()

    if kind == ORGANIZATION:
        target = Organization.objects.select_for_update().get(pk=change_request.organization_id)
        cleaned = clean_organization_values(values, fields=ORGANIZATION_PROPOSAL_FIELDS)
        before = organization_values(target)
        _apply_organization(target, {**cleaned, "last_verified_on": today})
        after = organization_values(target)
        action = "directory_organization.update"
    else:
        if change_request.service_id is None:
            raise ValidationError(_("変更内容を読み取れません。この申請は見送ってください。"))
        target = Service.objects.select_for_update().get(pk=change_request.service_id)
        before = service_values(target)
        if kind == SERVICE:
            cleaned = clean_service_values(
                values, fields=SERVICE_PROPOSAL_FIELDS, local_government=local_government
            )
        else:
            # the draft already holds the proposal (and any correction the secretariat made)
            cleaned = {REVIEW_STATUS_FIELD: ReviewStatus.PUBLISHED}
        _apply_service(target, {**cleaned, "last_verified_on": today})
        target = Service.objects.prefetch_related("phones", "schedules", "terms__taxonomy").get(
            pk=target.pk
        )
        after = service_values(target)
        action = "directory_service.create" if kind == NEW_SERVICE else "directory_service.update"

    _close(change_request, actor=actor, state=ChangeRequest.State.APPROVED, comment=comment)
    audit.record(
        actor=actor,
        action=action,
        local_government=local_government,
        obj=target,
        changes=audit.diff(before, after),
    )
    audit.record(
        actor=actor,
        action="directory_change.approve",
        local_government=local_government,
        obj=change_request,
        object_label=_label(change_request.organization, change_request.service),
        changes={"state": {"before": ChangeRequest.State.PENDING, "after": "approved"}},
    )
    local_government.bump_content_revision()
    return change_request


@transaction.atomic
def change_reject(*, actor, change_request: ChangeRequest, comment: str) -> ChangeRequest:
    """Close the request without changing the entry; the comment tells the partner why."""
    change_request = _pending_for_review(actor, change_request)
    comment = _clean_comment(comment)
    if not comment:
        raise ValidationError(
            {"comment": _("見送る理由をコメントに書いてください。申請した団体に表示されます。")}
        )
    _close(change_request, actor=actor, state=ChangeRequest.State.REJECTED, comment=comment)
    audit.record(
        actor=actor,
        action="directory_change.reject",
        local_government=change_request.local_government,
        obj=change_request,
        object_label=_label(change_request.organization, change_request.service),
        changes={
            "state": {"before": ChangeRequest.State.PENDING, "after": "rejected"},
            "comment": {"before": "", "after": comment},
        },
    )
    return change_request


# --- verification ------------------------------------------------------------------------------


@transaction.atomic
def organization_verify(*, actor, organization: Organization) -> Organization:
    """Record that the entry (the organization and its services) is still correct, today.
    Nothing else changes, so no review is needed."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not access.can_verify(actor, organization):
        raise PermissionDenied
    today = timezone.localdate()
    before = organization.last_verified_on
    organization.last_verified_on = today
    organization.save(update_fields=["last_verified_on", "updated_at"])
    services = organization.services.all()
    service_count = services.update(last_verified_on=today, updated_at=timezone.now())
    audit.record(
        actor=actor,
        action="directory_organization.verify",
        local_government=organization.local_government,
        obj=organization,
        changes={
            "last_verified_on": {"before": before, "after": today},
            "services": {"before": None, "after": service_count},
        },
    )
    organization.local_government.bump_content_revision()
    return organization


# --- direct edits (secretariat) ----------------------------------------------------------------


@transaction.atomic
def organization_edit(*, actor, organization: Organization, values: dict) -> Organization:
    """Change an organization directly (the secretariat; published at once)."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    local_government = organization.local_government
    if not access.can_edit_directly(actor, local_government):
        raise PermissionDenied
    cleaned = clean_organization_values(
        values, fields=(*ORGANIZATION_DIRECT_FIELDS, REVIEW_STATUS_FIELD)
    )
    name = cleaned.get("name", organization.name)
    duplicate = Organization.objects.filter(local_government=local_government, name=name)
    if duplicate.exclude(pk=organization.pk).exists():
        raise ValidationError({"name": _("同じ名称の機関・団体がすでにあります。")})
    before = organization_values(organization)
    _apply_organization(organization, cleaned)
    changes = audit.diff(before, organization_values(organization))
    if "name" in changes:
        # a service is also found by its organization's name
        for service in organization.services.all():
            reindex(service)
    if changes:
        audit.record(
            actor=actor,
            action="directory_organization.update",
            local_government=local_government,
            obj=organization,
            changes=changes,
        )
        local_government.bump_content_revision()
    return organization


@transaction.atomic
def service_edit(*, actor, service: Service, values: dict) -> Service:
    """Change a service directly (the secretariat; published at once unless set to draft)."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    local_government = service.local_government
    if not access.can_edit_directly(actor, local_government):
        raise PermissionDenied
    cleaned = clean_service_values(
        values, fields=SERVICE_DIRECT_FIELDS, local_government=local_government
    )
    before = service_values(service)
    changed = _changed(before, cleaned)
    if changed:
        _apply_service(service, changed)
        after = {**before, **changed}
        audit.record(
            actor=actor,
            action="directory_service.update",
            local_government=local_government,
            obj=service,
            changes=audit.diff(before, after),
        )
        local_government.bump_content_revision()
    return service


@transaction.atomic
def service_create(*, actor, organization: Organization, values: dict) -> Service:
    """Add a service directly (the secretariat)."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    local_government = organization.local_government
    if not access.can_edit_directly(actor, local_government):
        raise PermissionDenied
    cleaned = clean_service_values(
        values, fields=SERVICE_DIRECT_FIELDS, local_government=local_government
    )
    if "name" not in cleaned:
        raise ValidationError({"name": _("名称を入力してください。")})
    service = Service(
        local_government=local_government,
        organization=organization,
        position=organization.services.count() + 1,
    )
    _apply_service(service, cleaned)
    audit.record(
        actor=actor,
        action="directory_service.create",
        local_government=local_government,
        obj=service,
        changes=audit.diff({}, cleaned),
    )
    local_government.bump_content_revision()
    return service


MAINTAINER_KINDS = ("partner", "housing_provider", "volunteer_group", "employer")


def maintainer_choices(local_government):
    """The accounts organizations that may keep directory entries (not city departments)."""
    from accounts.models import Organization as AccountOrganization

    return AccountOrganization.objects.filter(
        local_government=local_government, kind__in=MAINTAINER_KINDS
    ).order_by("kind", "name")


@transaction.atomic
def organization_assign_maintainer(
    *, actor, organization: Organization, maintainer
) -> Organization:
    """Let `maintainer` (an accounts organization, or None) keep this entry."""
    organization = (
        Organization.objects.select_for_update(of=("self",))
        .select_related("maintainer")
        .get(pk=organization.pk)
    )
    local_government = organization.local_government
    if not access.can_assign_maintainer(actor, local_government):
        raise PermissionDenied
    if (
        maintainer is not None
        and not maintainer_choices(local_government).filter(pk=maintainer.pk).exists()
    ):
        raise ValidationError(
            {"maintainer": _("この地方公共団体の関係機関・団体のアカウントを選んでください。")}
        )
    before = organization.maintainer
    if (before.pk if before else None) == (maintainer.pk if maintainer else None):
        return organization
    organization.maintainer = maintainer
    organization.save(update_fields=["maintainer", "updated_at"])
    audit.record(
        actor=actor,
        action="directory_organization.assign_maintainer",
        local_government=local_government,
        obj=organization,
        changes=audit.diff({"maintainer": before}, {"maintainer": maintainer}),
    )
    return organization
