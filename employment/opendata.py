"""The employment open-data resources: the public job board's postings (published,
unexpired, of approved employers that chose to be public), as on /<lg>/jobs/, and the
industry gap as on /<lg>/jobs/gap/. The offences an employer does not accept are not
published; a flag says whether there are any. The gap's live counts are suppressed by
core.disclosure's rule, which the fields' descriptions state."""

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.disclosure import hidden_label, rule_text
from core.opendata import Field, Resource, register
from employment.gap.selectors import industry_gap
from employment.selectors import public_postings


def _rows(local_government):
    postings = public_postings(local_government).order_by("id")
    for posting in postings.iterator(chunk_size=2000):
        yield {
            "id": posting.pk,
            "employer": posting.employer.name,
            "title": posting.title,
            "industry": posting.industry,
            "description": posting.description,
            "workplace": posting.workplace,
            "ward": posting.ward,
            "employment_type": posting.employment_type,
            "wage_form": posting.wage_form,
            "wage_min": posting.wage_min,
            "wage_max": posting.wage_max,
            "working_hours": posting.working_hours,
            "holidays": posting.holidays,
            "social_insurance": posting.social_insurance,
            "qualifications": posting.qualifications,
            "experience": posting.experience,
            "trial_period": posting.trial_period,
            "openings": posting.openings,
            "dormitory": posting.dormitory,
            "company_housing": posting.company_housing,
            "meals": posting.meals,
            "probation_welcome": posting.probation_welcome,
            "juveniles_welcome": posting.juveniles_welcome,
            "has_excluded_offences": bool(posting.excluded_offences),
            "apply_via": " ".join(
                code
                for code, flagged in (
                    ("volunteer", posting.apply_via_volunteer),
                    ("probation_office", posting.apply_via_probation_office),
                    ("hello_work", posting.apply_via_hello_work),
                )
                if flagged
            ),
            "published_on": posting.published_at.date().isoformat()
            if posting.published_at
            else None,
            "ends_on": posting.ends_on.isoformat() if posting.ends_on else None,
            "is_fictional": posting.is_fictional,
        }


register(
    Resource(
        name="job_postings",
        title=_("協力雇用主の求人（公開中）"),
        fields=(
            Field("id", "integer", required=True),
            Field("employer", "string", _("事業所名"), required=True),
            Field("title", "string", _("職種"), required=True),
            Field(
                "industry",
                "string",
                _(
                    "業種: construction, manufacturing, food_service, medical_welfare, "
                    "other_services, wholesale_retail, transport, utilities_work, agriculture, other"
                ),
                required=True,
            ),
            Field("description", "string", _("仕事内容"), required=True),
            Field("workplace", "string", _("就業場所"), required=True),
            Field("ward", "string", _("就業場所の区")),
            Field(
                "employment_type",
                "string",
                _("雇用形態: full_time, contract, part_time, dispatch, other"),
                required=True,
            ),
            Field("wage_form", "string", _("賃金形態: monthly, daily, hourly"), required=True),
            Field("wage_min", "integer", _("賃金の下限（円）"), required=True),
            Field("wage_max", "integer", _("賃金の上限（円、空は上限なし）")),
            Field("working_hours", "string", _("就業時間"), required=True),
            Field("holidays", "string", _("休日")),
            Field("social_insurance", "string", _("加入保険")),
            Field("qualifications", "string", _("必要な資格")),
            Field("experience", "string", _("必要な経験")),
            Field("trial_period", "string", _("試用期間")),
            Field("openings", "integer", _("募集人数"), required=True),
            Field("dormitory", "boolean", _("寮あり")),
            Field("company_housing", "boolean", _("社宅あり")),
            Field("meals", "boolean", _("食事の提供あり")),
            Field("probation_welcome", "boolean", _("保護観察中の方を受け入れる")),
            Field("juveniles_welcome", "boolean", _("少年を受け入れる")),
            Field(
                "has_excluded_offences",
                "boolean",
                _("受け入れない前歴がある（応募の前に保護司などに相談）"),
            ),
            Field(
                "apply_via",
                "string",
                _(
                    "応募の方法（空白区切り）: volunteer 保護司, probation_office 保護観察所, hello_work ハローワーク"
                ),
            ),
            Field("published_on", "date", _("公開日")),
            Field("ends_on", "date", _("掲載終了日")),
            Field("is_fictional", "boolean", _("架空データ"), required=True),
        ),
        rows=_rows,
        primary_key=("id",),
    )
)


def _gap_rows(local_government):
    gap = industry_gap(local_government, public=True)
    for row in gap.rows:
        yield {
            "industry": row.industry,
            "industry_label": row.label,
            "plan_employers": row.statistic,
            "plan_employer_share": row.statistic_share,
            "public_employers": hidden_label(row.employers_hidden) or row.employers,
            "public_employer_share": row.employer_share,
            "seeker_wishes": (hidden_label(row.seekers_hidden) or row.seekers)
            if gap.seekers_shown
            else None,
            "seeker_wish_share": row.seeker_share,
        }


def _suppressed_text(what) -> str:
    return gettext("%(what)s。数、「5未満」または「秘匿」。%(rule)s") % {
        "what": what,
        "rule": rule_text(),
    }


_suppressed = lazy(_suppressed_text, str)  # evaluated in the language of each request


register(
    Resource(
        name="industry_gap",
        title=_("協力雇用主の業種と求職者が希望する業種"),
        fields=(
            Field("industry", "string", _("業種のコード")),
            Field("industry_label", "string", _("業種")),
            Field(
                "plan_employers",
                "integer",
                _("計画書の統計の協力雇用主数（空は計画に統計なし）。公表値のため秘匿しません。"),
            ),
            Field("plan_employer_share", "number", _("同 割合（%）")),
            Field(
                "public_employers",
                "string",
                _suppressed(_("企業名を公開している承認済みの協力雇用主の数")),
            ),
            Field(
                "public_employer_share",
                "number",
                _("同 割合（%、秘匿した欄と合計が逆算できる列は空）"),
            ),
            Field(
                "seeker_wishes",
                "string",
                _suppressed(_("求職中の人が希望する業種の延べ数（求職者が5人未満のときは空）")),
            ),
            Field("seeker_wish_share", "number", _("同 割合（希望の延べ数に占める%）")),
        ),
        rows=_gap_rows,
        primary_key=("industry",),
    )
)
