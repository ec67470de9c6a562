"""The employment home of the back office (/staff/employment/): links to the parts of
employment that the signed-in user's role may open."""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.access import roles_required
from core.roles import Role
from employment.employers import selectors as employer_selectors
from employment.models import Employer

HOME_ROLES = (Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER, Role.EMPLOYER)


@dataclass(frozen=True)
class Part:
    url_names: tuple[str, ...]  # the first the user's role may open is linked
    title: Promise
    description: Promise


PARTS = [
    Part(
        ("employers:index",),
        _("協力雇用主"),
        _("申請の審査、協力雇用主の一覧と雇用実績、既存の名簿の取り込み"),
    ),
    Part(
        ("company:detail",),
        _("自社の情報"),
        _("事業所の情報、担当者、事業所名を一般に公開するかどうか"),
    ),
    Part(
        ("postings:index",),
        _("求人"),
        _("求人票の作成・公開・終了と、公開中の求人の一覧"),
    ),
    Part(
        ("magazine:index",),
        _("求人情報誌「Change!」"),
        _("求人情報誌の編集、印刷用PDF、配布先の記録"),
    ),
    Part(
        ("events:index", "events:summary"),
        _("企業セミナー・説明会"),
        _("企業セミナー、企業説明会・個別面談会の参加企業・参加者・面談枠"),
    ),
    Part(
        ("training:index",),
        _("就労に向けた講座"),
        _("介護職員初任者研修などの講座の回・出席・修了・資格取得"),
    ),
    Part(
        ("seekers:index", "seekers:summary"),
        _("求職者とマッチング"),
        _("求職者の希望と求人の照合、就職と定着の記録"),
    ),
    Part(
        ("industry_gap:index",),
        _("業種のギャップ"),
        _("協力雇用主の業種と、仕事を探している方が希望する業種の比較"),
    ),
]


def _link(part: Part, user) -> str | None:
    """The first of the part's URLs that the user's role may open, else None."""
    for name in part.url_names:
        url = reverse(name)
        allowed = getattr(resolve(url).func, "allowed_roles", None)
        if allowed is None or user.role in allowed:
            return url
    return None


def links_for(user) -> list[dict]:
    links = []
    for part in PARTS:
        url = _link(part, user)
        if url:
            links.append({"url": url, "title": part.title, "description": part.description})
    return links


@roles_required(*HOME_ROLES)
def index(request):
    user = request.user
    local_government = user.local_government
    request.local_government = local_government
    links = links_for(user)
    context = {"links": links}
    if user.role == Role.SECRETARIAT:
        context["counts"] = employer_selectors.status_counts(local_government)
    if user.role == Role.EMPLOYER:
        employer = (
            Employer.objects.filter(
                organization_id=user.organization_id, local_government=local_government
            ).first()
            if user.organization_id
            else None
        )
        context["employer"] = employer
        if employer is None or employer.status != Employer.Status.APPROVED:
            # every employer page is a 404 until the employer is approved (again)
            context["links"] = []
    return render(request, "employment/employers/home.html", context)
