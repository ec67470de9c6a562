"""Access-matrix rows of the PDCA back office and the public indicator page."""

from core.roles import Role
from core.testing.matrix import DENIED, LOGIN, NOT_ALLOWED, OK, REDIRECT, Row, everyone, staff_only
from pdca.tests.utils import housing_report, indicator_value, open_cycle, submitted_report

SECRETARIAT, DEPARTMENT = Role.SECRETARIAT, Role.DEPARTMENT


def _cycle(city):
    return {"pk": open_cycle(city).pk}


def _report(city):
    return {"pk": housing_report(city).pk}


def _submitted(city):
    return {"pk": submitted_report(city).pk}


def _value(city):
    return {"pk": indicator_value(city).pk}


def only(role, outcome, others=DENIED, **extra):
    expect = {"anonymous": LOGIN, **{r: others for r in Role.values}}
    expect[role] = outcome
    return Row(expect, **extra)


ROWS = {
    "pdca:index": staff_only(SECRETARIAT, DEPARTMENT),
    # GET goes back to the index; the form on the index posts here
    "pdca:cycle_open": staff_only(
        SECRETARIAT,
        ok=REDIRECT,
        post=lambda city: {"fiscal_year": city.plan.start_fiscal_year, "deadline": "2022-05-31"},
        post_expect={SECRETARIAT: REDIRECT},
    ),
    "pdca:cycle_detail": staff_only(SECRETARIAT, kwargs=_cycle),
    "pdca:cycle_edit": staff_only(
        SECRETARIAT,
        ok=REDIRECT,
        kwargs=_cycle,
        method="post",
        data={"deadline": "2022-06-30", "status": "open"},
    ),
    # the cycle is the whole city's: every department lists its own reports in it
    "pdca:report_list": staff_only(SECRETARIAT, DEPARTMENT, kwargs=_cycle, shared=[DEPARTMENT]),
    # the preview and the choice of departments; sending is a POST tested in
    # test_reminders_now (a department's POST is refused there)
    "pdca:reminders": staff_only(SECRETARIAT, kwargs=_cycle),
    # the department's own draft opens in the editor
    "pdca:report_detail": Row(
        {**staff_only(SECRETARIAT, kwargs=_report).expect, DEPARTMENT: REDIRECT}, kwargs=_report
    ),
    "pdca:report_edit": staff_only(DEPARTMENT, kwargs=_report),
    # a draft cannot be reviewed: the form comes back with the message (400), nothing changes
    "pdca:report_review": only(
        SECRETARIAT, 400, kwargs=_report, method="post", data={"decision": "accepted"}
    ),
    "pdca:report_compare": staff_only(SECRETARIAT, DEPARTMENT, kwargs=_submitted),
    "pdca:indicator_list": staff_only(SECRETARIAT, DEPARTMENT),
    # a plan-wide indicator: every department with a measure in the plan enters its values
    # (the other department of the city has one: 生活安全課)
    "pdca:indicator_values": staff_only(
        SECRETARIAT, DEPARTMENT, kwargs=lambda city: {"pk": city.indicator.pk}, shared=[DEPARTMENT]
    ),
    "pdca:indicator_value_delete": staff_only(
        SECRETARIAT, ok=REDIRECT, kwargs=_value, method="post"
    ),
    "pdca:plan_next": staff_only(SECRETARIAT, ok=REDIRECT, method="post"),
    "pdca_public:indicator_detail": everyone(
        kwargs=lambda city: {"lg": city.lg.slug, "pk": city.indicator.pk}
    ),
}

__all__ = ["NOT_ALLOWED", "OK"]
