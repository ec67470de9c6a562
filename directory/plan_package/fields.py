"""The people-first columns of a package's services.csv and schedules.csv (issue 12): where a
service serves people (`service_area`), who can go to or call it (`reach`), its one plain line
(`summary`), the staff-only note (`internal_note`) and the general-window mark
(`general_window`). docs/directory-package.md describes them.

They are optional columns, all or none (services.csv): a package written before them still
loads; a new service then gets the model's defaults (reaches the person; no area, summary or
note) and a reload leaves an existing service's values as they are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from directory.models import Reach, Schedule, Service, ServiceArea

SERVICE_FIELD_COLUMNS = ("service_area", "reach", "summary", "internal_note", "general_window")
SCHEDULE_FIELD_COLUMNS = ("internal_note",)

# The words a package uses for a whole area (the codes are accepted too).
AREA_WORDS = {
    "市内全域": ServiceArea.CITY,  # i18n-data (package vocabulary)
    "県内全域": ServiceArea.PREFECTURE,  # i18n-data
    "全国": ServiceArea.NATIONAL,  # i18n-data
    ServiceArea.CITY.value: ServiceArea.CITY,
    ServiceArea.PREFECTURE.value: ServiceArea.PREFECTURE,
    ServiceArea.NATIONAL.value: ServiceArea.NATIONAL,
}
AREA_LABELS = {
    ServiceArea.CITY: "市内全域",  # i18n-data
    ServiceArea.PREFECTURE: "県内全域",  # i18n-data
    ServiceArea.NATIONAL: "全国",  # i18n-data
}

Error = Callable[[str, str], None]  # (column, message)


@dataclass
class ServiceFields:
    area: str = ServiceArea.UNKNOWN
    area_wards: list[str] = field(default_factory=list)
    reach: str = Reach.PERSON
    summary: str = ""
    internal_note: str = ""
    is_general_window: bool = False

    def as_model_fields(self) -> dict:
        return {
            "area": self.area,
            "area_wards": self.area_wards,
            "reach": self.reach,
            "summary": self.summary,
            "internal_note": self.internal_note,
            "is_general_window": self.is_general_window,
        }


def parse_area(value: str, wards: list[str] | None, error: Error) -> tuple[str, list[str]]:
    """(area, wards) of a `service_area` cell: 市内全域 / 県内全域 / 全国, a `;`-list of the
    local government's wards, or empty (unknown: the ward of the service's place decides).
    `wards` None: the package gives no ward list to check against (its plan has problems)."""
    text = value.strip()
    if not text:
        return ServiceArea.UNKNOWN, []
    if text in AREA_WORDS:
        return AREA_WORDS[text], []
    names: list[str] = []
    for part in text.split(";"):
        name = part.strip()
        if not name:
            continue
        if wards is not None and name not in wards:
            error(
                "service_area",
                _(
                    "%(value)s は使えません。市内全域・県内全域・全国か、区の名前（%(wards)s）を"
                    "「;」で区切って書いてください。"
                )
                % {"value": name, "wards": "・".join(wards) or _("区の一覧なし")},
            )
            continue
        if name in names:
            error("service_area", _("%(value)s が2回あります。") % {"value": name})
            continue
        names.append(name)
    if not names:
        return ServiceArea.UNKNOWN, []
    return ServiceArea.WARDS, names


def area_cell(area: str, area_wards: list[str]) -> str:
    """The `service_area` cell of a service (the inverse of parse_area)."""
    if area == ServiceArea.WARDS:
        return ";".join(area_wards)
    return AREA_LABELS.get(area, "")


def parse_service_fields(
    cells: dict[str, str], wards: list[str] | None, error: Error, boolean
) -> ServiceFields:
    """The people-first fields of one services.csv row; `boolean(column, value)` reads yes/no
    with the reader's own error."""
    missing = [column for column in SERVICE_FIELD_COLUMNS if column not in cells]
    for column in missing:
        error(
            column,
            _(
                "service_area, reach, summary, internal_note, general_window は"
                "そろえて書いてください（この列がありません）。"
            ),
        )
    cells = {column: cells.get(column, "") for column in SERVICE_FIELD_COLUMNS}
    area, area_wards = parse_area(cells["service_area"], wards, error)
    reach = cells["reach"] or Reach.PERSON
    if reach not in Reach.values:
        error(
            "reach",
            _("%(value)s は使えません。%(allowed)s のいずれかにしてください。")
            % {"value": reach, "allowed": ", ".join(Reach.values)},
        )
        reach = Reach.PERSON
    summary = cells["summary"]
    limit = Service._meta.get_field("summary").max_length
    if "\n" in summary:
        error("summary", _("ひとことは1行で書いてください。"))
    if len(summary) > limit:
        error(
            "summary",
            _("%(limit)s文字以内にしてください（いま%(length)s文字）。")
            % {"limit": limit, "length": len(summary)},
        )
    return ServiceFields(
        area=area,
        area_wards=area_wards,
        reach=reach,
        summary=summary,
        internal_note=cells["internal_note"],
        is_general_window=boolean("general_window", cells["general_window"]),
    )


def parse_schedule_note(cells: dict[str, str], error: Error) -> str:
    note = cells["internal_note"]
    limit = Schedule._meta.get_field("internal_note").max_length
    if len(note) > limit:
        error(
            "internal_note",
            _("%(limit)s文字以内にしてください（いま%(length)s文字）。")
            % {"limit": limit, "length": len(note)},
        )
    return note
