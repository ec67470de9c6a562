"""Reading services.csv, phones.csv and schedules.csv of a plan package's directory
(directory.plan_package.reading): each service with its terms, places and the people-first
columns (directory.plan_package.fields), its phones and its opening hours."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.utils.translation import gettext as _

from core.web.params import is_digits
from directory.models import (
    Phone,
    Schedule,
    Service,
)
from directory.plan_package.contents import (
    KEY,
    MEASURE_KEY,
    PHONE_CHARACTERS,
    PHONE_COLUMNS,
    PHONES_FILE,
    SCHEDULE_COLUMNS,
    SCHEDULES_FILE,
    SERVICE_COLUMNS,
    SERVICES_FILE,
    TERM_COLUMNS,
    WEEKDAYS,
    LocationRow,
    PackageReader,
    PhoneRow,
    ScheduleRow,
    ServiceRow,
    TermRow,
)
from directory.plan_package.fields import (
    SERVICE_FIELD_COLUMNS,
    parse_schedule_note,
    parse_service_fields,
)


def split_values(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def read_services(
    reader: PackageReader,
    organization_names: set[str],
    locations: list[LocationRow],
    terms: dict[str, list[TermRow]],
    plan,
) -> list[ServiceRow]:
    file = SERVICES_FILE
    codes = {kind: {term.code for term in rows} for kind, rows in terms.items()}
    measure_keys = (
        {
            f"{pillar.number}-{area.number}-{measure.number}"
            for pillar in plan.pillars
            for area in pillar.areas
            for measure in area.measures
        }
        if plan is not None
        else None
    )
    # the wards a service_area may name (None: not checked, like the measures)
    wards = list(plan.local_government.wards) if plan is not None else None
    places: dict[str, list[str]] = {}
    for location in locations:
        places.setdefault(location.organization, []).append(location.name)
    rows: list[ServiceRow] = []
    keys: dict[str, int] = {}
    names: dict[tuple[str, str], int] = {}
    for number, cells in reader.csv_rows(file, SERVICE_COLUMNS):
        if not reader.required(file, number, cells, "key", "organization", "name"):
            continue
        key, organization, name = cells["key"], cells["organization"], cells["name"]
        if not KEY.fullmatch(key):
            reader.error(
                file, number, "key", _("キーは英数字・ハイフン・下線で60文字以内にしてください。")
            )
        elif key in keys:
            reader.error(
                file,
                number,
                "key",
                _("%(key)s は%(row)s行目と重複しています。") % {"key": key, "row": keys[key]},
            )
            continue
        keys[key] = number
        if organization not in organization_names:
            reader.error(
                file,
                number,
                "organization",
                _("%(name)s は organizations.csv にありません。") % {"name": organization},
            )
            continue
        if (organization, name) in names:
            reader.error(
                file,
                number,
                "name",
                _("同じ機関・団体の同じ名前の支援が%(row)s行目にあります。")
                % {"row": names[(organization, name)]},
            )
        names[(organization, name)] = number
        reader.length(file, number, "name", name, Service, "name")
        reader.length(file, number, "source", cells["source"], Service, "source")
        service_terms: dict[str, list[str]] = {}
        for column, kind in TERM_COLUMNS.items():
            service_terms[kind] = []
            for code in split_values(cells[column]):
                if kind not in codes or code not in codes[kind]:
                    reader.error(
                        file,
                        number,
                        column,
                        _("%(code)s は taxonomy.yaml の %(kind)s にありません。")
                        % {"code": code, "kind": kind},
                    )
                elif code not in service_terms[kind]:
                    service_terms[kind].append(code)
        measures: list[str] = []
        for measure in split_values(cells["measures"]):
            if not MEASURE_KEY.fullmatch(measure):
                reader.error(
                    file,
                    number,
                    "measures",
                    _("取組は「節-分野-番号」（例: 2-1-3）で書いてください（%(value)s）。")
                    % {"value": measure},
                )
            elif measure_keys is not None and measure not in measure_keys:
                reader.error(
                    file,
                    number,
                    "measures",
                    _("取組 %(key)s は計画にありません。") % {"key": measure},
                )
            elif measure not in measures:
                measures.append(measure)
        own_places = places.get(organization, [])
        location: str | None = cells["location"]
        if location and location not in own_places:
            reader.error(
                file,
                number,
                "location",
                _("%(name)s は locations.csv にこの機関・団体の場所としてありません。")
                % {"name": location},
            )
        elif not location:
            location = own_places[0] if own_places else None
        rows.append(
            ServiceRow(
                row=number,
                key=key,
                organization=organization,
                name=name,
                description=cells["description"],
                eligibility=cells["eligibility"],
                application_process=cells["application_process"],
                is_24_hours=reader.boolean(file, number, "is_24_hours", cells["is_24_hours"]),
                terms=service_terms,
                measures=measures,
                location=location,
                source=cells["source"],
                fields=None
                if not any(column in cells for column in SERVICE_FIELD_COLUMNS)
                else parse_service_fields(
                    cells,
                    wards,
                    lambda column, message, number=number: reader.error(
                        file, number, column, message
                    ),
                    lambda column, value, number=number: reader.boolean(
                        file, number, column, value
                    ),
                ),
            )
        )
    return rows


def normalize_number(number: str) -> str:
    """Return a phone number in half-width digits and hyphens, as printed."""
    text = unicodedata.normalize("NFKC", number).strip()
    text = re.sub("[‐‑‒–—―−ーｰ]", "-", text)  # i18n-data (dash look-alikes)
    return re.sub(r"\s+", "", text)


def read_phones(
    reader: PackageReader, organization_names: set[str], service_organizations: dict[str, str]
) -> list[PhoneRow]:
    file = PHONES_FILE
    types = list(Phone.Type.values)
    rows: list[PhoneRow] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for number, cells in reader.csv_rows(file, PHONE_COLUMNS):
        if not reader.required(file, number, cells, "organization", "number"):
            continue
        organization, service = cells["organization"], cells["service"]
        if organization not in organization_names:
            reader.error(
                file,
                number,
                "organization",
                _("%(name)s は organizations.csv にありません。") % {"name": organization},
            )
            continue
        if service and service not in service_organizations:
            reader.error(
                file,
                number,
                "service",
                _("%(key)s は services.csv のキーにありません。") % {"key": service},
            )
            continue
        if service and service_organizations[service] != organization:
            reader.error(
                file,
                number,
                "service",
                _("%(key)s は %(name)s の支援ではありません。")
                % {"key": service, "name": organization},
            )
            continue
        phone = normalize_number(cells["number"])
        if not PHONE_CHARACTERS.fullmatch(phone) or not any(is_digits(ch) for ch in phone):
            reader.error(
                file,
                number,
                "number",
                _("電話番号は数字とハイフンで書いてください（%(value)s）。")
                % {"value": cells["number"]},
            )
        reader.length(file, number, "number", phone, Phone, "number")
        reader.length(file, number, "description", cells["description"], Phone, "description")
        phone_type = cells["type"] or Phone.Type.VOICE
        reader.choice(file, number, "type", phone_type, types)
        key = (organization, service, phone, phone_type)
        if key in seen:
            reader.error(
                file,
                number,
                "number",
                _("同じ電話番号が%(row)s行目にあります。") % {"row": seen[key]},
            )
            continue
        seen[key] = number
        rows.append(
            PhoneRow(
                row=number,
                organization=organization,
                service=service,
                number=phone,
                type=phone_type,
                description=cells["description"],
            )
        )
    return rows


def read_schedules(
    reader: PackageReader, service_organizations: dict[str, str]
) -> list[ScheduleRow]:
    file = SCHEDULES_FILE
    rows: list[ScheduleRow] = []
    seen: dict[tuple[Any, ...], int] = {}
    for number, cells in reader.csv_rows(file, SCHEDULE_COLUMNS):
        if not reader.required(file, number, cells, "service"):
            continue
        if cells["service"] not in service_organizations:
            reader.error(
                file,
                number,
                "service",
                _("%(key)s は services.csv のキーにありません。") % {"key": cells["service"]},
            )
            continue
        days = [day.strip().upper() for day in cells["byday"].split(",") if day.strip()]
        unknown = [day for day in days if day not in WEEKDAYS]
        if unknown:
            reader.error(
                file,
                number,
                "byday",
                _("曜日は %(days)s をカンマで区切って書いてください（%(value)s）。")
                % {"days": ",".join(WEEKDAYS), "value": cells["byday"]},
            )
        elif len(set(days)) != len(days):
            reader.error(file, number, "byday", _("同じ曜日が重複しています。"))
        byday = ",".join(day for day in WEEKDAYS if day in days)
        opens_at = reader.time(file, number, "opens_at", cells["opens_at"])
        closes_at = reader.time(file, number, "closes_at", cells["closes_at"])
        is_24_hours = reader.boolean(file, number, "is_24_hours", cells["is_24_hours"])
        if is_24_hours and (cells["opens_at"] or cells["closes_at"]):
            reader.error(file, number, "is_24_hours", _("24時間なら時刻は空欄にしてください。"))
        elif not is_24_hours:
            if bool(cells["opens_at"]) != bool(cells["closes_at"]):
                reader.error(
                    file,
                    number,
                    "closes_at" if cells["opens_at"] else "opens_at",
                    _("開始時刻と終了時刻は両方書くか、両方空欄にしてください。"),
                )
            elif opens_at is not None and opens_at == closes_at:
                reader.error(file, number, "closes_at", _("終了時刻が開始時刻と同じです。"))
            if not byday and not cells["opens_at"]:
                reader.error(file, number, "byday", _("曜日か時刻のどちらかは書いてください。"))
        reader.length(file, number, "notes", cells["notes"], Schedule, "notes")
        key = (cells["service"], byday, opens_at, closes_at, is_24_hours)
        if key in seen:
            reader.error(
                file, number, "", _("同じ受付時間が%(row)s行目にあります。") % {"row": seen[key]}
            )
            continue
        seen[key] = number
        rows.append(
            ScheduleRow(
                row=number,
                service=cells["service"],
                byday=byday,
                opens_at=opens_at,
                closes_at=closes_at,
                is_24_hours=is_24_hours,
                notes=cells["notes"],
                internal_note=None
                if "internal_note" not in cells
                else parse_schedule_note(
                    cells,
                    lambda column, message, number=number: reader.error(
                        file, number, column, message
                    ),
                ),
            )
        )
    return rows
