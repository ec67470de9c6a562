"""Access-matrix rows of the search part (merged by access_rows.py).

Supporters (事務局, 担当課, 関係機関・団体, 更生保護ボランティア) search every active home
of their own body, whichever provider registered it: a home is the whole city's for them
(`shared`). The housing provider keeps its own listings in the providers' part and is refused
here, as are the employer and the system admin. Another body's home is 404."""

from core.roles import Role
from core.testing.matrix import staff_only
from housing.tests.factories import SafetyNetHomeFactory

SEARCHERS = (Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER)


def _home(city) -> dict:
    return {"pk": SafetyNetHomeFactory(provider__local_government=city.lg, is_public=False).pk}


ROWS = {
    "home_search:index": staff_only(*SEARCHERS),
    "home_search:csv": staff_only(*SEARCHERS),
    "home_search:detail": staff_only(*SEARCHERS, kwargs=_home, shared=SEARCHERS[1:]),
}
