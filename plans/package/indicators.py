"""Reading a plan package's indicators (`indicators.yaml`), each checked against the
known indicator codes and the pillars.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from plans import indicator_codes
from plans.package.content import BETTER, DIRECTIONS, PERIOD_KINDS, IndicatorData
from plans.package.pillars import _list
from plans.package.reader import _line, _Reader


def _read_indicators(
    reader: _Reader, file: str, pillar_numbers: set[int] | None
) -> list[IndicatorData]:
    data = reader.yaml_file(file)
    if data is None:
        return []
    if not isinstance(data, dict):
        reader.error(file, None, "", _("outcome と reference を持つ形式にしてください。"))
        return []
    indicators = []
    codes: dict[str, tuple[str, int | None]] = {}  # code -> (label, line) of its first use
    for kind in ("outcome", "reference"):
        for index, item in enumerate(_list(reader, data, kind, file, required=kind == "outcome")):
            label = f"{kind}[{index + 1}]"
            if not isinstance(item, dict):
                reader.error(file, _line(data, kind), label, _("指標の項目にしてください。"))
                continue
            indicator = _read_indicator(reader, item, file, label, kind, pillar_numbers)
            _check_indicator_code(reader, item, file, label, indicator.code, codes)
            indicators.append(indicator)
    return indicators


def _check_indicator_code(
    reader: _Reader, item: dict, file: str, label: str, code: str, seen: dict
) -> None:
    if not code:
        return  # reported as required
    line = _line(item, "code")
    if not indicator_codes.is_valid(code):
        reader.error(
            file,
            line,
            f"{label}.code",
            _(
                "%(code)s は使えません。英小文字で始め、英小文字・数字・下線（_）だけで"
                "50文字以内にしてください（例: job_magazine_postings）。"
            )
            % {"code": code},
        )
    elif code in seen:
        other_label, other_line = seen[code]
        reader.error(
            file,
            line,
            f"{label}.code",
            _("コード %(code)s は %(other)s（%(line)s行目）と重複しています。")
            % {"code": code, "other": other_label, "line": other_line},
        )
    else:
        seen[code] = (label, line)


def _read_indicator(
    reader: _Reader, item: dict, file: str, label: str, kind: str, pillar_numbers: set[int] | None
) -> IndicatorData:
    pillar = None
    if kind == "reference":
        pillar = reader.integer(item.get("pillar"), file, _line(item, "pillar"), f"{label}.pillar")
        if pillar is not None and pillar_numbers is not None and pillar not in pillar_numbers:
            reader.error(
                file,
                _line(item, "pillar"),
                f"{label}.pillar",
                _("第%(number)s節はありません。") % {"number": pillar},
            )
    baseline = item.get("baseline") if isinstance(item.get("baseline"), dict) else {}
    target = item.get("target") if isinstance(item.get("target"), dict) else {}
    if not target:
        reader.error(
            file,
            _line(item, "target"),
            f"{label}.target",
            _("目標（value か direction）が必要です。"),
        )
    better = reader.text(item, "better", file, label=f"{label}.better")
    if better:
        reader.choice(better, BETTER, file, _line(item, "better"), f"{label}.better")
    target_value = reader.decimal(
        target.get("value"), file, _line(target, "value"), f"{label}.target.value"
    )
    direction = str(target.get("direction") or "").strip()
    if direction:
        reader.choice(
            direction, DIRECTIONS, file, _line(target, "direction"), f"{label}.target.direction"
        )
    if target and (target_value is None) == (not direction):
        reader.error(
            file,
            _line(item, "target"),
            f"{label}.target",
            _("目標は value か direction のどちらか一方にしてください。"),
        )
    periods = {}
    for name, part in (("baseline", baseline), ("target", target)):
        period_kind = str(part.get("period_kind") or "fiscal_year")
        reader.choice(
            period_kind,
            PERIOD_KINDS,
            file,
            _line(part, "period_kind"),
            f"{label}.{name}.period_kind",
        )
        periods[name] = (
            reader.integer(
                part.get("year"),
                file,
                _line(part, "year"),
                f"{label}.{name}.year",
                required=bool(part),
            ),
            period_kind,
        )
    return IndicatorData(
        kind=kind,
        pillar=pillar,
        code=reader.text(item, "code", file, label=f"{label}.code"),
        line=_line(item),
        name=reader.text(item, "name", file, label=f"{label}.name"),
        unit=reader.text(item, "unit", file, label=f"{label}.unit"),
        better=better,
        definition=reader.text(item, "definition", file, required=False),
        baseline_value=reader.decimal(
            baseline.get("value"), file, _line(baseline, "value"), f"{label}.baseline.value"
        ),
        baseline_year=periods["baseline"][0],
        baseline_period_kind=periods["baseline"][1],
        target_value=target_value,
        target_direction=direction,
        target_year=periods["target"][0],
        target_period_kind=periods["target"][1],
        target_note=str(target.get("note") or "").strip(),
        source_note=reader.text(item, "source_note", file, required=False),
        statistic_series=reader.text(item, "statistic_series", file, required=False),
    )
