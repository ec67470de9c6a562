"""The employment open-data resource: the public job board's postings (published,
unexpired, of approved employers that chose to be public), as on /<lg>/jobs/. The offences
an employer does not accept are not published; a flag says whether there are any."""

from django.utils.translation import gettext_lazy as _

from core.opendata import Field, Resource, register
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
