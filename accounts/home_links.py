"""What each role uses, linked from its staff home: one list per role, by URL name, so that
accounts imports none of the apps it links to. A name that does not resolve (a part not
built yet) is left out rather than linked to nothing. Each link must be one the role may
open (accounts/tests/test_home_links.py checks every one against the access matrix)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from core.roles import Role


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    public: bool = False  # a public page of the user's local government (takes `lg`)


@dataclass(frozen=True)
class LinkGroup:
    title: str
    links: list[tuple[str, str]]  # (label, URL)


REFER = (
    _("相談先をさがす・紹介する"),
    [
        Link(_("質問に答えて相談先をさがす・紹介シートを作る"), "help:navigator", public=True),
        Link(_("相談窓口の一覧（困りごと別）"), "help:index", public=True),
    ],
)
JOBS_FOR_SUPPORTERS = (
    _("就労支援"),
    [
        Link(_("就労支援のホーム"), "employment:index"),
        Link(_("求人（協力雇用主の求人）"), "postings:index"),
        Link(_("求職者と就職・定着の記録"), "seekers:index"),
        Link(_("公開の求人ページ"), "jobs:board", public=True),
    ],
)
OWN_DIRECTORY_ENTRIES = (
    _("社会資源（相談先）の情報"),
    [
        Link(_("あなたの団体が管理する相談先"), "directory_admin:index"),
        Link(_("変更の申請と審査の状況"), "directory_admin:changes"),
    ],
)

SUPPORT = (
    _("支援のつなぎ（ケース）"),
    [
        Link(_("ケース一覧"), "cases:index"),
        Link(_("支援対象者を登録する"), "cases:create"),
        Link(_("受け取った紹介"), "referrals:inbox"),
        Link(_("送った紹介"), "referrals:outbox"),
        Link(_("紹介の状況（集計）"), "referrals:dashboard"),
        Link(_("期限が近い同意"), "consents:expiring"),
    ],
)
# A 保護司 (volunteer) works on cases others lead: no intake.
SUPPORT_AS_MEMBER = (SUPPORT[0], [link for link in SUPPORT[1] if link.url_name != "cases:create"])
SUPPORT_OVERSIGHT = (
    _("支援のつなぎ（事務局）"),
    [
        Link(_("緊急時の閲覧（同意の例外）の一覧"), "consents:overrides"),
        Link(_("支援の状況（匿名の集計）"), "support:aggregates"),
        Link(_("紹介の理由（団体で追加）"), "referrals:reasons"),
    ],
)

HOMES_FOR_SUPPORTERS = (
    _("住まい"),
    [
        Link(_("セーフティネット住宅をさがす"), "home_search:index"),
        Link(_("公開の住宅情報・市営住宅の募集"), "homes:index", public=True),
    ],
)
OWN_HOMES = (
    _("住宅の登録と管理"),
    [
        Link(_("あなたの団体の住宅"), "housing:index"),
        Link(_("住宅を登録する"), "housing:home_create"),
        Link(_("団体の情報（支援の内容・対象地域）"), "housing:own_provider"),
        Link(_("届いた紹介（入居の相談）"), "referrals:inbox"),
    ],
)
HOUSING_OVERSIGHT = (
    _("住まい（事務局）"),
    [
        Link(_("住宅確保支援事業者と住宅"), "housing:providers"),
        Link(_("セーフティネット住宅の一覧"), "housing:index"),
        Link(_("住宅一覧の取り込み（CSV・Excel）"), "housing:import"),
        Link(_("市営住宅の募集"), "public_housing:index"),
        Link(_("セーフティネット住宅をさがす"), "home_search:index"),
    ],
)
CAMPAIGNS = (
    _("社会を明るくする運動・更生保護ボランティア"),
    [
        Link(_("運動の年度と行事"), "campaigns:index"),
        Link(_("保護司の人数と平均年齢"), "volunteers:officers"),
        Link(_("保護司の募集活動"), "volunteers:recruitment"),
        Link(_("公開の行事ページ"), "campaign_events:index", public=True),
    ],
)
VOLUNTEER_HOME = (
    _("訪問のときに"),
    [Link(_("保護司のページ（相談先・求人・住まい・紹介）"), "volunteers:home")],
)

ROLE_LINKS: dict[str, list[tuple[str, list[Link]]]] = {
    Role.VOLUNTEER: [
        VOLUNTEER_HOME,
        REFER,
        SUPPORT_AS_MEMBER,
        JOBS_FOR_SUPPORTERS,
        HOMES_FOR_SUPPORTERS,
    ],
    Role.PARTNER: [
        SUPPORT,
        REFER,
        HOMES_FOR_SUPPORTERS,
        OWN_DIRECTORY_ENTRIES,
        JOBS_FOR_SUPPORTERS,
    ],
    Role.HOUSING_PROVIDER: [OWN_HOMES, REFER, OWN_DIRECTORY_ENTRIES],
    Role.DEPARTMENT: [
        SUPPORT,
        (
            _("進捗管理"),
            [
                Link(_("進捗状況報告を書く・出す"), "pdca:index"),
                Link(_("指標の実績"), "pdca:indicator_list"),
                Link(_("会議"), "meetings:index"),
                Link(_("会議のフォローアップ事項"), "meetings:follow_ups"),
            ],
        ),
        (
            _("就労支援の集計"),
            [
                Link(_("就労支援のホーム"), "employment:index"),
                Link(_("就職者数・定着率（年度ごと）"), "seekers:summary"),
                Link(_("企業セミナー・説明会・講座の実績"), "events:summary"),
                Link(_("求人と希望の業種のずれ"), "industry_gap:index"),
            ],
        ),
        REFER,
        HOMES_FOR_SUPPORTERS,
    ],
    Role.SECRETARIAT: [
        SUPPORT,
        SUPPORT_OVERSIGHT,
        HOUSING_OVERSIGHT,
        CAMPAIGNS,
        (
            _("計画と進捗管理"),
            [
                Link(_("計画の編集"), "plan_admin:index"),
                Link(_("進捗管理（報告サイクル・報告の審査）"), "pdca:index"),
                Link(_("指標の実績"), "pdca:indicator_list"),
                Link(_("会議"), "meetings:index"),
                Link(_("進捗状況報告書（とりまとめ）"), "pdca_report:index"),
            ],
        ),
        (
            _("統計"),
            [
                Link(_("統計の一覧"), "stats_admin:index"),
                Link(_("統計の取り込み（CSV）"), "stats_admin:import"),
            ],
        ),
        (
            _("社会資源（相談先）"),
            [
                Link(_("相談先の管理"), "directory_admin:index"),
                Link(_("窓口（サービス）の一覧"), "directory_admin:services"),
                Link(_("変更の申請の審査"), "directory_admin:changes"),
                Link(
                    _("質問に答えて相談先をさがす・紹介シートを作る"), "help:navigator", public=True
                ),
            ],
        ),
        (
            _("就労支援"),
            [
                Link(_("就労支援のホーム"), "employment:index"),
                Link(_("協力雇用主"), "employers:index"),
                Link(_("求人"), "postings:index"),
                Link(_("求職者と就職・定着の記録"), "seekers:index"),
                Link(_("企業セミナー・説明会・講座"), "events:index"),
                Link(_("職業訓練"), "training:index"),
                Link(_("求人情報誌"), "magazine:index"),
            ],
        ),
        (
            _("アカウントと組織"),
            [
                Link(_("アカウント（招待・役割の変更・利用の停止）"), "people:index"),
                Link(_("組織（所属する団体・事業所）"), "people:organizations"),
            ],
        ),
        (_("記録"), [Link(_("監査ログ"), "staff:audit_log")]),
    ],
    Role.EMPLOYER: [
        (
            _("自社の情報と求人"),
            [
                Link(_("自社の登録情報"), "company:detail"),
                Link(_("自社の求人"), "postings:index"),
                Link(_("求人を出す"), "postings:create"),
                Link(_("応募（支援機関から）"), "applications:index"),
                Link(_("企業セミナー・説明会・講座"), "events:index"),
                Link(_("就労支援のホーム"), "employment:index"),
            ],
        )
    ],
    Role.SYSTEM_ADMIN: [
        (
            _("アカウントと組織"),
            [
                Link(_("すべての団体のアカウント（最初の事務局の招待も）"), "people:index"),
                Link(_("組織"), "people:organizations"),
            ],
        ),
        (_("記録"), [Link(_("監査ログ"), "staff:audit_log")]),
    ],
}


def _url(link: Link, local_government) -> str | None:
    if link.public and local_government is None:
        return None
    kwargs = {"lg": local_government.slug} if link.public else {}
    try:
        return reverse(link.url_name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def links_for(user) -> list[LinkGroup]:
    """The groups of links the user's role uses, resolved to URLs."""
    groups = []
    for title, links in ROLE_LINKS.get(user.role, []):
        resolved = [
            (str(link.label), url)
            for link in links
            if (url := _url(link, user.local_government)) is not None
        ]
        if resolved:
            groups.append(LinkGroup(str(title), resolved))
    return groups
