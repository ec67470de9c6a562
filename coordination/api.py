"""REST API of support coordination at /api/v1/<lg>/support/ (docs/support-coordination/api.md).

Staff only, with the same rules as the screens (coordination.access): the roles that may open
a case (CASE_ROLES), of the body named in the URL (another body's user gets 404). The lists
carry no personal value (no name, no case number: those belong to the basic group); a case's
or a referral's person fields come only through `coordination.services.case_read`, so every
read of them is an audit entry, and only for the groups the user sees (of a referral: the
groups it sends, too). A field of a group not shown is absent, not null.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from coordination import access, fhir
from coordination.models import (
    Case,
    Characteristic,
    FieldGroup,
    NeedArea,
    Offence,
    Referral,
    ReferralStatus,
)
from coordination.referrals.services import reason_labels
from coordination.services import case_read
from core.fields.choice_masks import from_mask
from core.tenancy import local_government_from_slug
from core.web.pagination import reject_empty

CASE_PURPOSE = "api.case_detail"
REFERRAL_PURPOSE = "api.referral_detail"
FHIR_PURPOSE = "api.referral_fhir"
BOXES = ("sent", "received")


class CaseRole(BasePermission):
    """Signed in, active, and in a role that may open a case (the others get 403)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and user.is_active and user.role in access.CASE_ROLES
        )


class _StaffSupportView:
    """The body of the URL must be the user's (else 404); roles as the case pages. The body and
    the record are checked in `initial`, after the permissions and before the method, so that
    a request for what the user may not reach is 404 whatever its method (never a 405 that
    would say the record exists)."""

    tsunagu_access = "roles"
    allowed_roles = frozenset(access.CASE_ROLES)
    permission_classes = [IsAuthenticated, CaseRole]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        local_government = local_government_from_slug(request, self.kwargs["lg"])
        if request.user.local_government_id != local_government.pk:
            raise Http404
        self.body = local_government
        self.check_record()

    def check_record(self) -> None:
        """Look up and check the record of a detail view (Http404 if out of reach)."""


# --- serializers -------------------------------------------------------------------------


class OrganizationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CaseSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    lead_organization = OrganizationRefSerializer()
    url = serializers.SerializerMethodField(help_text=_("このケースのAPIのURL"))

    class Meta:
        model = Case
        fields = [
            "id",
            "status",
            "status_label",
            "close_reason",
            "lead_organization",
            "opened_on",
            "closed_on",
            "url",
        ]

    def get_url(self, case) -> str:
        lg = self.context["view"].kwargs["lg"]
        return _absolute(self.context, "support_api:case_detail", lg, case.pk)


def _absolute(context, name: str, lg: str, pk: int) -> str:
    path = reverse(name, kwargs={"lg": lg, "pk": pk})
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


def _codes(choices):
    return serializers.ListField(child=serializers.ChoiceField(choices=choices), required=False)


class PersonSerializer(serializers.Serializer):
    """The person's fields of the groups shown; the others are absent (not null)."""

    case_number = serializers.CharField(required=False, help_text=_("基本"))
    name = serializers.CharField(required=False, help_text=_("基本"))
    name_kana = serializers.CharField(required=False, help_text=_("基本"))
    birth_date = serializers.DateField(required=False, help_text=_("基本"))
    ward = serializers.CharField(required=False, help_text=_("基本"))
    contact = serializers.CharField(required=False, help_text=_("連絡先"))
    legal_status = serializers.CharField(required=False, help_text=_("法的地位・犯歴"))
    legal_status_since = serializers.DateField(
        required=False, allow_null=True, help_text=_("法的地位・犯歴")
    )
    legal_status_until = serializers.DateField(
        required=False, allow_null=True, help_text=_("法的地位・犯歴")
    )
    offences = _codes(Offence.choices)
    offence_details = serializers.CharField(required=False, help_text=_("法的地位・犯歴"))
    characteristics = _codes(Characteristic.choices)
    health_notes = serializers.CharField(required=False, help_text=_("健康・障がい"))

    def to_representation(self, values: dict) -> dict:
        return {
            name: None if value is None else self.fields[name].to_representation(value)
            for name, value in values.items()
            if name in self.fields
        }


def person_values(read: dict) -> dict:
    """case_read's {group: {field: value}} flattened, the bit masks as lists of codes."""
    values = {}
    for fields in read.values():
        values.update(fields)
    if "offences" in values:
        values["offences"] = from_mask(Offence, values["offences"] or 0)
    if "characteristics" in values:
        values["characteristics"] = from_mask(Characteristic, values["characteristics"] or 0)
    return values


class CaseDetailSerializer(CaseSerializer):
    groups = serializers.ListField(
        child=serializers.ChoiceField(choices=FieldGroup.choices),
        help_text=_("利用者が見られる項目群"),
    )
    person = PersonSerializer(
        source="person_values",
        help_text=_("見られる項目群の項目だけ（ほかの項目は含まれません）"),
    )

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "groups", "person"]


class ReferralEventSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    note = serializers.CharField()
    at = serializers.DateTimeField()


class ReferralSerializer(serializers.ModelSerializer):
    direction = serializers.SerializerMethodField(
        help_text=_("sent（送った）または received（受けた）")
    )
    from_organization = OrganizationRefSerializer()
    to_organization = OrganizationRefSerializer()
    service = OrganizationRefSerializer(allow_null=True, help_text=_("紹介先のサービス"))
    status_label = serializers.CharField(source="get_status_display")
    area_label = serializers.CharField(source="get_area_display")
    groups = serializers.SerializerMethodField(help_text=_("送る項目群"))
    url = serializers.SerializerMethodField()
    fhir_url = serializers.SerializerMethodField(help_text=_("FHIR Bundle（Task など）のURL"))

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "direction",
            "from_organization",
            "to_organization",
            "service",
            "area",
            "area_label",
            "status",
            "status_label",
            "reason",
            "outcome",
            "groups",
            "release_date",
            "created_at",
            "sent_at",
            "answered_at",
            "finished_at",
            "updated_at",
            "url",
            "fhir_url",
        ]

    def get_direction(self, referral) -> str:
        user = self.context["request"].user
        return "sent" if referral.from_organization_id == user.organization_id else "received"

    def get_groups(self, referral) -> list[str]:
        return from_mask(FieldGroup, referral.groups)

    def get_url(self, referral) -> str:
        return _absolute(
            self.context,
            "support_api:referral_detail",
            self.context["view"].kwargs["lg"],
            referral.pk,
        )

    def get_fhir_url(self, referral) -> str:
        return _absolute(
            self.context,
            "support_api:referral_fhir",
            self.context["view"].kwargs["lg"],
            referral.pk,
        )


class ReferralDetailSerializer(ReferralSerializer):
    purpose = serializers.CharField()
    note = serializers.CharField()
    person = PersonSerializer(
        source="person_values",
        help_text=_("紹介が送る項目群のうち、利用者が見られるものだけ"),
    )
    history = ReferralEventSerializer(many=True, source="events.all")

    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "purpose", "note", "person", "history"]


# --- views -------------------------------------------------------------------------------


class CaseList(_StaffSupportView, generics.ListAPIView):
    """The cases whose team includes the user's organization (the lead, a basis in force, an
    override in force), newest first. No personal value: open a case for its fields."""

    serializer_class = CaseSerializer

    def get_queryset(self):
        return (
            Case.objects.filter(local_government=self.body)
            .filter(access.team_cases_q(self.request.user.organization_id))
            .select_related("lead_organization")
            .order_by("-opened_on", "-pk")
        )


class CaseDetail(_StaffSupportView, generics.RetrieveAPIView):
    """One case with the person's fields of the groups the user sees (the read is logged)."""

    serializer_class = CaseDetailSerializer

    def check_record(self) -> None:
        case = (
            Case.objects.select_related("person", "lead_organization", "local_government")
            .filter(local_government=self.body, pk=self.kwargs["pk"])
            .first()
        )
        groups = access.visible_groups(self.request.user, case) if case is not None else []
        if not groups:
            raise Http404
        self.case, self.groups = case, groups

    def get_object(self):
        case, groups, user = self.case, self.groups, self.request.user
        read = case_read(
            actor=user, case=case, groups=groups, purpose=CASE_PURPOSE, request=self.request
        )
        case.groups = groups
        case.person_values = person_values(read)
        return case


def referrals_of(user, local_government):
    """The referrals the user's organization sent, or received (once sent: not drafts)."""
    organization = user.organization_id
    return (
        Referral.objects.filter(local_government=local_government)
        .filter(
            Q(from_organization_id=organization)
            | (Q(to_organization_id=organization) & ~Q(status=ReferralStatus.DRAFT))
        )
        .select_related("from_organization", "to_organization", "service", "local_government")
    )


def referral_for(request, local_government, pk: int) -> tuple[Referral, list[str]]:
    """The referral `pk` and the groups the user may read of it, or Http404: the sender's
    users while they see the case; the receiver's while a basis in force covers it for every
    group sent. The groups: those sent that the user sees."""
    user = request.user
    referral = (
        referrals_of(user, local_government)
        .select_related("case__person", "case__lead_organization")
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise Http404
    now = timezone.now()
    mask = access.visible_mask(user, referral.case, now)
    if not mask:
        raise Http404
    if referral.to_organization_id == user.organization_id:
        covered = access.organization_groups(referral.to_organization_id, referral.case, now)
        if referral.groups & ~covered:
            raise Http404
    return referral, from_mask(FieldGroup, referral.groups & mask)


def read_referral(request, referral: Referral, groups: list[str], purpose: str) -> dict:
    if not groups:
        return {}
    return case_read(
        actor=request.user, case=referral.case, groups=groups, purpose=purpose, request=request
    )


@extend_schema(
    parameters=[
        OpenApiParameter(
            "box",
            str,
            enum=list(BOXES),
            description=_("sent（送った）または received（受けた）だけ"),
        ),
        OpenApiParameter(
            "status", str, enum=ReferralStatus.values, description=_("状態（FHIR Task の status）")
        ),
        OpenApiParameter("area", str, enum=NeedArea.values, description=_("分野")),
    ]
)
class ReferralList(_StaffSupportView, generics.ListAPIView):
    """The referrals the user's organization sent or received, newest first. No personal value."""

    serializer_class = ReferralSerializer

    def get_queryset(self):
        referrals = referrals_of(self.request.user, self.body)
        params = self.request.query_params
        organization = self.request.user.organization_id
        reject_empty(self.request, "box", "status", "area")
        box = params.get("box", "")
        if box and box not in BOXES:
            raise ValidationError({"box": [_("sent か received を指定してください。")]})
        if box == "sent":
            referrals = referrals.filter(from_organization_id=organization)
        elif box == "received":
            referrals = referrals.filter(to_organization_id=organization)
        for name, values in (("status", ReferralStatus.values), ("area", NeedArea.values)):
            value = params.get(name, "")
            if value and value not in values:
                raise ValidationError({name: [_("指定できない値です。")]})
            if value:
                referrals = referrals.filter(**{name: value})
        return referrals.order_by("-created_at", "-pk")


class ReferralDetail(_StaffSupportView, generics.RetrieveAPIView):
    """One referral with its history and the person's fields it sends (the read is logged)."""

    serializer_class = ReferralDetailSerializer

    def check_record(self) -> None:
        self.referral, self.groups = referral_for(self.request, self.body, self.kwargs["pk"])

    def retrieve(self, request, *args, **kwargs):
        referral, groups = self.referral, self.groups
        referral.person_values = person_values(
            read_referral(request, referral, groups, REFERRAL_PURPOSE)
        )
        return Response(self.get_serializer(referral).data)


class FHIRJSONRenderer(JSONRenderer):
    media_type = "application/fhir+json"
    format = "fhir"


@extend_schema(
    responses={
        (200, "application/fhir+json"): inline_serializer(
            "FHIRBundle",
            fields={
                "resourceType": serializers.CharField(help_text="Bundle"),
                "type": serializers.CharField(help_text="collection"),
                "entry": serializers.ListField(child=serializers.DictField()),
            },
        ),
        (200, "application/json"): OpenApiTypes.OBJECT,
    },
    description=_(
        "紹介を HL7 FHIR R4 の Bundle（collection）で返します: Task（SDOH Clinical Care の紹介）、"
        "ServiceRequest、Consent、Organization、基本の項目群を送る紹介では Patient。"
    ),
)
class ReferralFHIR(_StaffSupportView, generics.GenericAPIView):
    """The referral as a FHIR Bundle (Task, ServiceRequest, Consent; Patient only with the
    basic group). Nothing of a group the referral does not send."""

    renderer_classes = [FHIRJSONRenderer, JSONRenderer]
    pagination_class = None

    def check_record(self) -> None:
        self.referral, self.groups = referral_for(self.request, self.body, self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        local_government, referral, groups = self.body, self.referral, self.groups
        read = read_referral(request, referral, groups, FHIR_PURPOSE)
        events = referral.events.all()
        data = fhir.bundle(
            referral,
            values={FieldGroup(group): fields for group, fields in read.items()},
            events=events,
            now=timezone.now(),
            reason_labels=reason_labels(local_government),
        )
        return Response(data)
