"""Access-matrix rows of the stats app (core/tests/test_access_matrix.py)."""

from core.roles import Role
from core.testing.matrix import REDIRECT, everyone, staff_only


def _lg_series(city):
    from stats.tests.factories import make_city_series

    return {"lg": city.lg.slug, "key": make_city_series(city).rate.key}


ROWS = {
    # public pages: every statistic stored is public
    "stats:index": everyone(kwargs="lg"),
    "stats:series_detail": everyone(kwargs=_lg_series),
    "stats:series_csv": everyone(kwargs=_lg_series),
    "stats:all_csv": everyone(kwargs="lg"),
    # API (read-only)
    "stats_api:series_list": everyone(kwargs="lg"),
    "stats_api:series_detail": everyone(kwargs=_lg_series),
    # back office: the secretariat imports its own local government's statistics
    "stats_admin:index": staff_only(Role.SECRETARIAT),
    "stats_admin:import": staff_only(Role.SECRETARIAT),
    "stats_admin:template": staff_only(Role.SECRETARIAT),
    # starts the background job and goes to its page (core.jobs)
    "stats_admin:template_job": staff_only(Role.SECRETARIAT, ok=REDIRECT, method="post"),
}
