"""The statistics section of a plan package (`statistics/`, docs/statistics.md), registered
with core.package.sections for load_plan, reload_plan and export_plan."""

from core.package.sections import PackageSection, register
from stats.importer import ImportInvalid
from stats.models import StatisticSeries
from stats.package import read_statistics_package, write_statistics
from stats.services import statistics_load_package


def _summary(statistics) -> str:
    return f"{len(statistics.series)} statistic series, {len(statistics.values)} values"


def _report(statistics, result) -> str:
    counts = result.counts
    return (
        f"statistics: {len(statistics.series)} series "
        f"(created {counts['series_created']}, updated {counts['series_updated']}, "
        f"deleted {counts['series_deleted']}), {len(statistics.values)} values "
        f"(created {counts['created']}, updated {counts['updated']}, "
        f"deleted {counts['deleted']}, unchanged {counts['unchanged']}; "
        f"{counts['kept_imported']} imported by hand kept)"
    )


def _check(plan, statistics) -> list[str]:
    """Every indicator that reads a statistics series names one of the package's series."""
    known = {row.key for row in statistics.series}
    return [
        f"indicators.yaml: {indicator.name}: statistic_series "
        f"{indicator.statistic_series!r} is not a series of statistics/series.csv"
        for indicator in plan.indicators
        if indicator.statistic_series and indicator.statistic_series not in known
    ]


def _present(local_government) -> bool:
    return StatisticSeries.objects.filter(local_government=local_government).exists()


register(
    PackageSection(
        name="statistics",
        order=10,
        read=lambda path, plan: read_statistics_package(path),
        invalid=ImportInvalid,
        summary=_summary,
        present=_present,
        load=statistics_load_package,
        report=_report,
        check=_check,
        write=lambda local_government, path: (
            f"{write_statistics(local_government, path)} statistic values"
        ),
    )
)
