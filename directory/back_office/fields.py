"""The secretariat's fields of a service (issue 12): its area, who can reach it, the staff-only
note and the general-window mark. directory.back_office.services cleans them with the rest of a
direct edit; partners' proposals do not carry them (they are the secretariat's judgement)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from directory.models import Reach, Service, ServiceArea

STAFF_FIELDS = ("internal_note", "area", "area_wards", "reach", "is_general_window")
SUMMARY_LIMIT = Service._meta.get_field("summary").max_length


def staff_values(service: Service) -> dict[str, Any]:
    return {
        "internal_note": service.internal_note,
        "area": service.area,
        "area_wards": list(service.area_wards or []),
        "reach": service.reach,
        "is_general_window": service.is_general_window,
    }


def clean_summary(errors: dict, value) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if "\n" in text or "\r" in text:
        errors["summary"] = _("ひとことは1行で書いてください。")
    elif len(text) > SUMMARY_LIMIT:
        errors["summary"] = _("%(limit)s文字以内で入力してください。") % {"limit": SUMMARY_LIMIT}
    return text


def clean_staff_values(errors: dict, values: dict, *, local_government) -> dict[str, Any]:
    """The staff fields present in `values`, normalized; problems go to `errors`. Wards must
    be the local government's; 区を指定 needs at least one; another area keeps none."""
    cleaned: dict[str, Any] = {}
    if "internal_note" in values:
        note = values["internal_note"]
        cleaned["internal_note"] = note.strip() if isinstance(note, str) else ""
    if "reach" in values:
        if values["reach"] not in Reach.values:
            errors["reach"] = _("だれが相談できるかを選んでください。")
        cleaned["reach"] = values["reach"]
    if "is_general_window" in values:
        cleaned["is_general_window"] = values["is_general_window"] is True
    if "area" in values or "area_wards" in values:
        area = values.get("area", "")
        wards = values.get("area_wards") or []
        if area not in ServiceArea.values:
            errors["area"] = _("対象地域を選んでください。")
        if not isinstance(wards, list) or not all(isinstance(w, str) for w in wards):
            wards = []
        allowed = list(local_government.wards or [])
        unknown = [ward for ward in wards if ward not in allowed]
        if unknown:
            errors["area_wards"] = _("%(wards)s は区の一覧にありません。") % {
                "wards": "、".join(unknown)
            }
        if area == ServiceArea.WARDS and not wards:
            errors["area_wards"] = _("「区を指定」のときは、区を1つ以上選んでください。")
        cleaned["area"] = area
        # in the local government's order, once each; none unless 区を指定
        cleaned["area_wards"] = (
            [ward for ward in allowed if ward in wards] if area == ServiceArea.WARDS else []
        )
    return cleaned
