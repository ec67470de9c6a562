"""The links of the volunteers' home page, by URL name: campaigns imports neither coordination
nor housing' later parts, so a page that is not there (yet) is left out rather than linked to
nothing (as accounts.home_links does)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from core.roles import Role


@dataclass(frozen=True)
class HomeLink:
    label: str
    hint: str
    url_name: str
    public: bool = False  # a public page of the body (takes `lg`)
    roles: tuple[str, ...] = ()  # only for these roles (empty: everyone who opens the page)


@dataclass(frozen=True)
class ResolvedLink:
    label: str
    hint: str
    url: str


@dataclass(frozen=True)
class HomeGroup:
    title: str
    links: list[ResolvedLink]


GROUPS: list[tuple[str, list[HomeLink]]] = [
    (
        _("相談先をさがす・紹介する"),
        [
            HomeLink(
                _("質問に答えて相談先をさがす"),
                _("困りごとを選ぶと相談先が出ます。紹介シート（PDF）もここで作れます。"),
                "help:navigator",
                public=True,
            ),
            HomeLink(
                _("相談窓口の一覧"),
                _("住まい・仕事・お金・医療など、困りごと別の窓口です。"),
                "help:index",
                public=True,
            ),
        ],
    ),
    (
        _("仕事と住まい"),
        [
            HomeLink(
                _("求人をさがす"),
                _("協力雇用主の求人です。保護観察中の人を歓迎する求人もわかります。"),
                "jobs:board",
                public=True,
            ),
            HomeLink(
                _("セーフティネット住宅をさがす"),
                _("保護観察対象者等を断らない住宅を、区や家賃でさがせます。"),
                "home_search:index",
            ),
        ],
    ),
    (
        _("あなたの紹介とケース"),
        [
            HomeLink(
                _("送った紹介"), _("あなたが送った紹介と、その返事です。"), "referrals:outbox"
            ),
            HomeLink(_("受け取った紹介"), _("あなた宛ての紹介です。"), "referrals:inbox"),
            HomeLink(_("ケース一覧"), _("あなたがかかわる支援のケースです。"), "cases:index"),
        ],
    ),
    (
        _("保護司の活動"),
        [
            HomeLink(
                _("保護司の人数と平均年齢"),
                _("保護司の数と定数、平均年齢の推移です。"),
                "volunteers:officers",
                roles=(Role.VOLUNTEER,),
            ),
        ],
    ),
]


def _url(link: HomeLink, local_government) -> str | None:
    kwargs = {"lg": local_government.slug} if link.public else {}
    try:
        return reverse(link.url_name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def home_groups(user, local_government) -> list[HomeGroup]:
    """The groups of links for `user`, each link resolved; a group without one is left out."""
    groups = []
    for title, links in GROUPS:
        resolved = [
            ResolvedLink(str(link.label), str(link.hint), url)
            for link in links
            if (not link.roles or user.role in link.roles)
            and (url := _url(link, local_government)) is not None
        ]
        if resolved:
            groups.append(HomeGroup(str(title), resolved))
    return groups


def search_url(local_government) -> str | None:
    """The directory's search (its form sends `q`), or None."""
    try:
        return reverse("help:search", kwargs={"lg": local_government.slug})
    except NoReverseMatch:
        return None
