"""Access-matrix rows of the public part and of the secretariat's 市営住宅 pages
(housing.public_housing), merged by access_rows.py.

The public pages are everyone's; a home is shown only when its landlord agreed (is_public),
and a home of this body asked for under another body's slug is 404 (the matrix tries it)."""

from core.roles import Role
from core.testing.matrix import REDIRECT, everyone, page_form, staff_only
from housing.models import PublicHousingRule
from housing.tests.factories import PublicHousingRoundFactory, SafetyNetHomeFactory


def _public_home(city) -> dict:
    home = SafetyNetHomeFactory(provider__local_government=city.lg, is_public=True)
    return {"lg": city.lg.slug, "pk": home.pk}


ROWS = {
    "homes:index": everyone(kwargs="lg"),
    "homes:public_housing": everyone(kwargs="lg"),
    "homes:detail": everyone(kwargs=_public_home),
}


# The secretariat's pages of the 市営住宅 rounds and rules (housing.public_housing): the
# secretariat of the body only; another body's round or rule is 404.


def _round(city, **fields) -> dict:
    return {"pk": PublicHousingRoundFactory(local_government=city.lg, **fields).pk}


def _rule(city) -> dict:
    rule = PublicHousingRule.objects.create(
        local_government=city.lg, title="優先入居（架空）", body="高齢者世帯など（架空）", order=1
    )
    PublicHousingRule.objects.create(
        local_government=city.lg, title="別の取扱い（架空）", body="（架空）", order=2
    )
    return {"pk": rule.pk}


ROUND_VALUES = {
    "kind": "regular",
    "title": "市営住宅 定期募集（架空）",
    "application_from": "2026-08-01",
    "application_until": "2026-08-10",
}

ROWS.update(
    {
        "public_housing:index": staff_only(Role.SECRETARIAT),
        "public_housing:round_create": staff_only(
            Role.SECRETARIAT, post=page_form(succeeds=True, **ROUND_VALUES)
        ),
        "public_housing:round_edit": staff_only(
            Role.SECRETARIAT, kwargs=_round, post=page_form(succeeds=True, **ROUND_VALUES)
        ),
        "public_housing:round_publish": staff_only(
            Role.SECRETARIAT,
            ok=REDIRECT,
            method="post",
            kwargs=lambda city: _round(city, is_published=False),
        ),
        "public_housing:round_unpublish": staff_only(
            Role.SECRETARIAT, ok=REDIRECT, method="post", kwargs=_round
        ),
        "public_housing:rule_create": staff_only(
            Role.SECRETARIAT,
            post=page_form(succeeds=True, title="優先入居（架空）", body="（架空）"),
        ),
        "public_housing:rule_edit": staff_only(
            Role.SECRETARIAT,
            kwargs=_rule,
            post=page_form(succeeds=True, title="優先入居（架空）", body="（架空）"),
        ),
        "public_housing:rule_up": staff_only(
            Role.SECRETARIAT, ok=REDIRECT, method="post", kwargs=_rule
        ),
        "public_housing:rule_down": staff_only(
            Role.SECRETARIAT, ok=REDIRECT, method="post", kwargs=_rule
        ),
    }
)
