"""Loading a validated plan package (plans.package.reading) into the database, record by record
through a ChangeLog (core.changes), so that a reload can show what it would change first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.changes import ChangeLog, Source
from core.models import LocalGovernment
from plans.models import (
    INDICATOR_CONTENT_FIELDS,
    Area,
    Department,
    GlossaryTerm,
    Indicator,
    Measure,
    MeasureDepartment,
    PartnerActivity,
    PartnerOrganization,
    Pillar,
    PillarColumn,
    Plan,
)
from plans.package.content import Package
from plans.services import measure_search_text

KEPT_SHARED = "not in the package; kept (other plans of the body may use it)"


class LoadResult(ChangeLog):
    def __init__(self, plan: Plan | None = None) -> None:
        super().__init__()
        self.plan = plan


@transaction.atomic
def plan_load_package(*, package: Package, actor=None) -> LoadResult:
    """Load a validated package: create or update everything it holds, all or nothing.

    Records are matched by their natural keys (names, numbers, positions; indicators by
    code), so loading the same package twice changes nothing and keeps every id. Pillars,
    areas, measures, activities, columns, indicators and glossary entries that the package no
    longer holds are deleted; departments and organizations are kept, since other plans may
    use them.
    """
    lg_data = package.local_government
    if LocalGovernment.objects.filter(slug=lg_data.slug).exclude(code=lg_data.code).exists():
        raise ValidationError(
            _("URL名 %(slug)s は別の地方公共団体が使っています。") % {"slug": lg_data.slug}
        )
    result = LoadResult()
    files = {
        "departments": "departments.csv",
        "organizations": "organizations.csv",
        "indicators": "indicators.yaml",
        "glossary": "glossary.csv",
        **{name: value for name, value in package.files.items() if value},
    }
    local_government = LocalGovernment.objects.filter(code=lg_data.code).first() or LocalGovernment(
        code=lg_data.code
    )
    result.save(
        local_government,
        {"slug": lg_data.slug, "name": lg_data.name, "kind": lg_data.kind, "wards": lg_data.wards},
        Source("package.yaml", f"local_government {lg_data.code}", label=lg_data.name),
    )
    lg = {"local_government": local_government}

    departments = _load_departments(package, lg, files["departments"], result)
    organizations = _load_organizations(package, lg, files["organizations"], result)

    plan = Plan.objects.filter(**lg, key=package.plan.key).first() or Plan(
        **lg, key=package.plan.key
    )
    result.plan = plan
    result.save(
        plan,
        {
            "title": package.plan.title,
            "status": package.plan.status,
            "start_fiscal_year": package.plan.start_fiscal_year,
            "end_fiscal_year": package.plan.end_fiscal_year,
            "adopted_year": package.plan.adopted_year,
            "adopted_month": package.plan.adopted_month,
            "package_version": package.version,
            "source": package.source,
            **package.plan.texts,
        },
        Source("package.yaml", f"plan {package.plan.key}", label=package.plan.title),
    )
    _load_pillars(package, plan, lg, departments, organizations, result)
    _load_indicators(package, plan, lg, files["indicators"], result)

    existing_terms = {t.number: t for t in plan.glossary.all()}
    kept = []
    for row in package.glossary:
        term = existing_terms.get(row.number) or GlossaryTerm(**lg, plan=plan, number=row.number)
        result.save(
            term,
            {"term": row.term, "definition": row.definition},
            Source(files["glossary"], f"glossary {row.number}", row.line, row.term),
        )
        kept.append(term.pk)
    result.delete(
        plan.glossary.exclude(pk__in=kept),
        lambda t: Source(files["glossary"] or "package.yaml", f"glossary {t.number}", None, t.term),
    )

    if result.changed:
        local_government.bump_content_revision()
        totals = result.totals()
        audit.record(
            actor=actor,
            action="plan.load_package",
            local_government=local_government,
            obj=plan,
            changes={
                "package_version": package.version,
                "measures": package.measure_count(),
                "created": totals["added"],
                "updated": totals["changed"],
                "deleted": totals["removed"],
            },
        )
    return result


def _load_departments(package, lg, file, result) -> dict[str, Department]:
    departments = {d.name: d for d in Department.objects.filter(**lg)}
    positions = {row.name: position for position, row in enumerate(package.departments, start=1)}
    # Parents (one level only) before the units inside them.
    for row in sorted(package.departments, key=lambda row: bool(row.parent)):
        department = departments.get(row.name) or Department(**lg, name=row.name)
        values = {"bureau": row.bureau, "phone": row.phone, "kind": row.kind, "note": row.note}
        values.update(
            position=positions[row.name], parent=departments[row.parent] if row.parent else None
        )
        result.save(department, values, Source(file, f"department {row.name}", row.line))
        departments[row.name] = department
    for name, department in departments.items():
        if name not in positions:
            result.keep(Source(file, f"department {name}", label=department.full_name), KEPT_SHARED)
    return departments


def _load_organizations(package, lg, file, result) -> dict[str, PartnerOrganization]:
    organizations = {o.name: o for o in PartnerOrganization.objects.filter(**lg)}
    in_package = set()
    for position, row in enumerate(package.organizations, start=1):
        organization = organizations.get(row.name) or PartnerOrganization(**lg, name=row.name)
        values = {
            "legal_form": row.legal_form,
            "category": row.category,
            "council_number": row.council_number,
            "council_group": row.council_group,
            "alias": row.alias,
            "note": row.note,
            "position": position,
        }
        result.save(organization, values, Source(file, f"organization {row.name}", row.line))
        organizations[row.name] = organization
        in_package.add(row.name)
    for name in organizations:
        if name not in in_package:
            result.keep(Source(file, f"organization {name}", label=name), KEPT_SHARED)
    return organizations


def _load_pillars(package, plan, lg, departments, organizations, result) -> None:
    existing_pillars = {p.number: p for p in plan.pillars.all()}
    by_id = {d.pk: d for d in departments.values()}
    measures_by_key: dict[str, Measure] = {}
    pending_repeats: list[tuple[Measure, str | None, Source]] = []
    kept_pillars = []
    for pillar_data in package.pillars:
        file, number = pillar_data.file or f"pillars/{pillar_data.number}.yaml", pillar_data.number
        pillar = existing_pillars.get(number) or Pillar(**lg, plan=plan, number=number)
        result.save(
            pillar,
            {"title": pillar_data.title},
            Source(file, f"pillar {number}", label=pillar_data.title),
        )
        kept_pillars.append(pillar.pk)

        columns = {c.position: c for c in pillar.columns.all()}
        kept = []
        for position, column in enumerate(pillar_data.columns, start=1):
            obj = columns.get(position) or PillarColumn(**lg, pillar=pillar, position=position)
            result.save(
                obj,
                {"title": column.title, "body": column.body},
                Source(file, f"column {number}-{position}", label=column.title),
            )
            kept.append(obj.pk)
        result.delete(
            pillar.columns.exclude(pk__in=kept),
            lambda c, file=file, n=number: Source(file, f"column {n}-{c.position}", None, c.title),
        )

        activities = {a.position: a for a in pillar.partner_activities.all()}
        kept = []
        for position, activity in enumerate(pillar_data.partner_activities, start=1):
            obj = activities.get(position) or PartnerActivity(
                **lg, pillar=pillar, position=position
            )
            result.save(
                obj,
                {"organization": organizations[activity.organization], "text": activity.text},
                Source(file, f"partner activity {number}-{position}", label=activity.organization),
            )
            kept.append(obj.pk)
        result.delete(
            pillar.partner_activities.exclude(pk__in=kept),
            lambda a, file=file, n=number: Source(
                file, f"partner activity {n}-{a.position}", None, str(a.organization)
            ),
        )

        existing_areas = {a.number: a for a in pillar.areas.all()}
        kept_areas = []
        for area_data in pillar_data.areas:
            area = existing_areas.get(area_data.number) or Area(
                **lg, pillar=pillar, number=area_data.number
            )
            area_key = f"{number}-{area_data.number}"
            result.save(
                area,
                {"title": area_data.title},
                Source(file, f"area {area_key}", label=area_data.title),
            )
            kept_areas.append(area.pk)
            existing_measures = {m.number: m for m in area.measures.all()}
            kept_measures = []
            for measure_data in area_data.measures:
                key = f"{area_key}-{measure_data.number}"
                measure = existing_measures.get(measure_data.number) or Measure(
                    **lg, area=area, number=measure_data.number
                )
                assigned = [departments[name] for name in measure_data.departments]
                probe = Measure(headings=measure_data.headings, body=measure_data.body)
                source = Source(file, f"measure {key}", measure_data.line, probe.title)
                result.save(
                    measure,
                    {"headings": measure_data.headings, "body": measure_data.body},
                    source,
                    derived={"search_text": measure_search_text(probe, assigned)},
                )
                before = _sync_assignments(measure, assigned)
                if before is not None:
                    result.field_changed(
                        measure,
                        "departments",
                        [by_id[pk].full_name for pk in before if pk in by_id],
                        [d.full_name for d in assigned],
                        source,
                    )
                kept_measures.append(measure.pk)
                measures_by_key[key] = measure
                pending_repeats.append((measure, measure_data.repeats, source))
            result.delete(
                area.measures.exclude(pk__in=kept_measures),
                lambda m, file=file, k=area_key: Source(
                    file, f"measure {k}-{m.number}", None, m.title
                ),
            )
        result.delete(
            pillar.areas.exclude(pk__in=kept_areas),
            lambda a, file=file, n=number: Source(file, f"area {n}-{a.number}", None, a.title),
        )
    result.delete(
        plan.pillars.exclude(pk__in=kept_pillars),
        lambda p: Source("package.yaml", f"pillar {p.number}", None, p.title),
    )

    keys = {measure.pk: key for key, measure in measures_by_key.items()}
    for measure, key, source in pending_repeats:
        target = measures_by_key[key] if key else None
        if measure.repeats_id != (target.pk if target else None):
            before = keys.get(measure.repeats_id, measure.repeats_id)
            measure.repeats = target
            measure.save(update_fields=["repeats"])
            result.field_changed(measure, "repeats", before, key, source)


def _load_indicators(package, plan, lg, file, result) -> None:
    """Indicators are matched by code: a renamed or reordered indicator keeps its id, and so
    its actuals."""
    pillars_by_number = {p.number: p for p in plan.pillars.all()}
    existing = {i.code: i for i in plan.indicators.all()}
    kept = []
    positions: Counter = Counter()
    for data in package.indicators:
        positions[data.kind] += 1
        indicator = existing.get(data.code) or Indicator(**lg, plan=plan, code=data.code)
        values = {
            "kind": data.kind,
            "position": positions[data.kind],
            "pillar": pillars_by_number[data.pillar] if data.pillar else None,
            **{name: getattr(data, name) for name in INDICATOR_CONTENT_FIELDS},
        }
        result.save(indicator, values, Source(file, f"indicator {data.code}", data.line, data.name))
        kept.append(indicator.pk)
    result.delete(
        plan.indicators.exclude(pk__in=kept),
        lambda i: Source(file, f"indicator {i.code}", None, i.name),
    )


def _sync_assignments(measure: Measure, departments: Sequence[Department]) -> list[int] | None:
    """Make the measure's departments exactly `departments`, in order; return the ids of the
    departments it had when that changed them, else None."""
    current = [(a.department_id, a.position) for a in measure.assignments.all()]
    wanted = [(d.pk, position) for position, d in enumerate(departments, start=1)]
    if current == wanted:
        return None
    measure.assignments.all().delete()
    MeasureDepartment.objects.bulk_create(
        MeasureDepartment(measure=measure, department_id=pk, position=position)
        for pk, position in wanted
    )
    return [pk for pk, _position in current]
