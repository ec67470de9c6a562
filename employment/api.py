"""Read-only REST API of the public job board (OpenAPI schema at /api/schema/): the same
postings as /<lg>/jobs/ (published, unexpired, of approved employers that chose to be
public). Offences an employer does not accept are not listed publicly; a flag says that
there are some (consult a 保護司 before applying)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny

from core.tenancy import local_government_from_slug
from core.web.pagination import api_param, reject_empty
from core.web.params import bool_param
from employment import selectors
from employment.models import EmploymentType, Industry, JobPosting
from employment.postings.forms import BoardFilterForm

APPLY_ROUTES = (
    ("volunteer", "apply_via_volunteer"),
    ("probation_office", "apply_via_probation_office"),
    ("hello_work", "apply_via_hello_work"),
)


@extend_schema_field(
    serializers.ListField(
        child=serializers.ChoiceField(choices=[code for code, _field in APPLY_ROUTES])
    )
)
class ApplyViaField(serializers.Field):
    """How to apply: volunteer (保護司), probation_office (保護観察所), hello_work."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, posting):
        return [code for code, name in APPLY_ROUTES if getattr(posting, name)]


class JobPostingSerializer(serializers.ModelSerializer):
    employer = serializers.CharField(source="employer.name", help_text=_("事業所名"))
    industry_label = serializers.CharField(source="get_industry_display")
    employment_type_label = serializers.CharField(source="get_employment_type_display")
    wage_form_label = serializers.CharField(source="get_wage_form_display")
    has_excluded_offences = serializers.SerializerMethodField(
        help_text=_("受け入れない前歴がある（応募の前に保護司などに相談してください）")
    )
    apply_via = ApplyViaField(help_text=_("応募の方法"))
    url = serializers.SerializerMethodField(help_text=_("求人ページのURL"))

    class Meta:
        model = JobPosting
        fields = [
            "id",
            "employer",
            "title",
            "industry",
            "industry_label",
            "description",
            "workplace",
            "ward",
            "employment_type",
            "employment_type_label",
            "wage_form",
            "wage_form_label",
            "wage_min",
            "wage_max",
            "working_hours",
            "holidays",
            "social_insurance",
            "qualifications",
            "experience",
            "trial_period",
            "openings",
            "dormitory",
            "company_housing",
            "meals",
            "probation_welcome",
            "juveniles_welcome",
            "has_excluded_offences",
            "message",
            "apply_via",
            "published_at",
            "ends_on",
            "is_fictional",
            "url",
        ]

    def get_has_excluded_offences(self, posting) -> bool:
        return bool(posting.excluded_offences)

    def get_url(self, posting) -> str:
        request = self.context.get("request")
        local_government = getattr(request, "local_government", None)
        if local_government is None or local_government.pk != posting.local_government_id:
            local_government = posting.local_government
        path = reverse("jobs:posting", kwargs={"lg": local_government.slug, "pk": posting.pk})
        return request.build_absolute_uri(path) if request else path


class _PublicJobsView:
    """Public, read-only; only the public board's postings, whoever asks."""

    tsunagu_access = "public"
    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = JobPostingSerializer

    def local_government(self):
        return local_government_from_slug(self.request, self.kwargs["lg"])


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, description=_("職種・仕事内容・就業場所の語")),
        OpenApiParameter(
            "industry", str, enum=Industry.values, description=_("業種のコード（例: construction）")
        ),
        OpenApiParameter("ward", str, description=_("就業場所の区（例: 中央区）")),
        OpenApiParameter(
            "employment_type",
            str,
            enum=EmploymentType.values,
            description=_("雇用形態のコード（例: full_time）"),
        ),
        OpenApiParameter("housing", bool, description=_("寮・社宅がある求人だけ")),
        OpenApiParameter("probation", bool, description=_("保護観察中の方を受け入れる求人だけ")),
    ]
)
class PostingList(_PublicJobsView, generics.ListAPIView):
    """Public postings, newest first (limit/offset paging)."""

    def get_queryset(self):
        local_government = self.local_government()
        # The form reads a page's filters leniently ("" is no filter, "null" a yes): the API
        # refuses a value it cannot read.
        reject_empty(self.request, "industry", "employment_type")
        for name in ("housing", "probation"):
            api_param(bool_param, self.request, name)
        form = BoardFilterForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        return selectors.public_postings(local_government, form.cleaned_data)


class PostingDetail(_PublicJobsView, generics.RetrieveAPIView):
    """One public posting."""

    def get_object(self):
        return selectors.public_posting(self.local_government(), self.kwargs["pk"])
