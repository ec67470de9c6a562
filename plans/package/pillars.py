"""Reading a plan package's pillars (`pillars/*.yaml`): areas, measures, partner
activities and columns, each checked against the departments and organizations.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from plans.package.content import (
    MEASURE_KEY,
    AreaData,
    ColumnData,
    MeasureData,
    PartnerActivityData,
    PillarData,
)
from plans.package.reader import _line, _Reader


def _check_sequence(
    reader: _Reader, numbered: list[tuple[int, str]], field_name: str, label: str
) -> None:
    numbers = [number for number, _where in numbered]
    if numbers != list(range(1, len(numbers) + 1)):
        where = numbered[0][1] if numbered else ""
        reader.error(
            where,
            None,
            field_name,
            _("%(label)s は1から順に並べてください（いま: %(numbers)s）。")
            % {"label": label, "numbers": ", ".join(map(str, numbers))},
        )


def _paragraphs(value: Any) -> str:
    """Normalise a YAML text block: trimmed lines, no trailing newline."""
    return "\n".join(line.strip() for line in str(value).strip().splitlines())


def _read_pillar(
    reader: _Reader, file: str, resolve_department, resolve_organization
) -> PillarData | None:
    data = reader.yaml_file(file)
    if data is None:
        return None
    if not isinstance(data, dict):
        reader.error(file, None, "", _("内容が空か、形式が違います。"))
        return None
    number = reader.integer(data.get("number"), file, _line(data, "number"), "number") or 0
    pillar = PillarData(number=number, title=reader.text(data, "title", file), file=file)

    for index, item in enumerate(_list(reader, data, "partner_activities", file)):
        label = f"partner_activities[{index + 1}]"
        if not isinstance(item, dict):
            reader.error(
                file,
                _line(data, "partner_activities"),
                label,
                _("organization と text を持つ項目にしてください。"),
            )
            continue
        written = reader.text(item, "organization", file, label=f"{label}.organization")
        organization = resolve_organization(written) if written else None
        if written and organization is None:
            reader.error(
                file,
                _line(item, "organization"),
                f"{label}.organization",
                _("%(name)s は organizations に（別称としても）ありません。") % {"name": written},
            )
        text = reader.text(item, "text", file, label=f"{label}.text")
        pillar.partner_activities.append(
            PartnerActivityData(organization=organization or written, text=_paragraphs(text))
        )

    for index, item in enumerate(_list(reader, data, "columns", file, required=False)):
        label = f"columns[{index + 1}]"
        if not isinstance(item, dict):
            reader.error(
                file, _line(data, "columns"), label, _("title と body を持つ項目にしてください。")
            )
            continue
        pillar.columns.append(
            ColumnData(
                title=reader.text(item, "title", file, label=f"{label}.title"),
                body=_paragraphs(reader.text(item, "body", file, label=f"{label}.body")),
            )
        )

    for area_index, area_data in enumerate(_list(reader, data, "areas", file)):
        area_label = f"areas[{area_index + 1}]"
        if not isinstance(area_data, dict):
            reader.error(
                file,
                _line(data, "areas"),
                area_label,
                _("number, title, measures を持つ項目にしてください。"),
            )
            continue
        area = AreaData(
            number=reader.integer(
                area_data.get("number"), file, _line(area_data, "number"), f"{area_label}.number"
            )
            or 0,
            title=reader.text(area_data, "title", file, label=f"{area_label}.title"),
        )
        for measure_index, item in enumerate(_list(reader, area_data, "measures", file)):
            label = f"{area_label}.measures[{measure_index + 1}]"
            if not isinstance(item, dict):
                reader.error(
                    file,
                    _line(area_data, "measures"),
                    label,
                    _("number, body, departments を持つ項目にしてください。"),
                )
                continue
            area.measures.append(_read_measure(reader, item, file, label, resolve_department))
        _check_sequence(
            reader,
            [(m.number, file) for m in area.measures],
            f"{area_label}.measures",
            _("取組の番号"),
        )
        pillar.areas.append(area)
    _check_sequence(reader, [(a.number, file) for a in pillar.areas], "areas", _("取組分野の番号"))
    return pillar


def _read_measure(
    reader: _Reader, item: dict, file: str, label: str, resolve_department
) -> MeasureData:
    headings_value = item.get("headings") or []
    if not isinstance(headings_value, list) or not all(
        isinstance(h, str) and h.strip() for h in headings_value
    ):
        reader.error(
            file,
            _line(item, "headings"),
            f"{label}.headings",
            _("見出しは文字列のリストにしてください（なければ []）。"),
        )
        headings_value = []
    departments_value = item.get("departments")
    departments: list[str] = []
    if not isinstance(departments_value, list) or not departments_value:
        reader.error(
            file,
            _line(item, "departments"),
            f"{label}.departments",
            _("担当課を1つ以上挙げてください。"),
        )
    else:
        for written in departments_value:
            canonical = resolve_department(str(written).strip())
            if canonical is None:
                reader.error(
                    file,
                    _line(item, "departments"),
                    f"{label}.departments",
                    _("%(name)s は departments にありません。") % {"name": written},
                )
            elif canonical in departments:
                reader.error(
                    file,
                    _line(item, "departments"),
                    f"{label}.departments",
                    _("%(name)s が重複しています。") % {"name": written},
                )
            else:
                departments.append(canonical)
    repeats = item.get("repeats")
    if repeats is not None:
        repeats = str(repeats).strip()
        if not MEASURE_KEY.match(repeats):
            reader.error(
                file,
                _line(item, "repeats"),
                f"{label}.repeats",
                _("再掲元は「節-分野-番号」（例: 2-1-9）で書いてください。"),
            )
            repeats = None
    measure = MeasureData(
        number=reader.integer(item.get("number"), file, _line(item, "number"), f"{label}.number")
        or 0,
        headings=[h.strip() for h in headings_value],
        body=_paragraphs(reader.text(item, "body", file, label=f"{label}.body")),
        departments=departments,
        repeats=repeats,
        line=_line(item),
    )
    return measure


def _list(reader: _Reader, mapping: dict, key: str, file: str, *, required: bool = True) -> list:
    value = mapping.get(key)
    if value is None:
        if required:
            reader.error(file, _line(mapping, key), key, _("必須項目です。"))
        return []
    if not isinstance(value, list):
        reader.error(file, _line(mapping, key), key, _("リストにしてください。"))
        return []
    return value


def _check_repeats(reader: _Reader, pillars: list[PillarData], files: list[str]) -> None:
    keys = {
        f"{pillar.number}-{area.number}-{measure.number}"
        for pillar in pillars
        for area in pillar.areas
        for measure in area.measures
    }
    for pillar, file in zip(pillars, files, strict=False):
        for area in pillar.areas:
            for measure in area.measures:
                own = f"{pillar.number}-{area.number}-{measure.number}"
                if measure.repeats is None:
                    continue
                if measure.repeats == own:
                    reader.error(
                        file,
                        measure.line,
                        "repeats",
                        _("自分自身は再掲元にできません。"),
                    )
                elif measure.repeats not in keys:
                    reader.error(
                        file,
                        measure.line,
                        "repeats",
                        _("再掲元 %(key)s の取組がありません。") % {"key": measure.repeats},
                    )
