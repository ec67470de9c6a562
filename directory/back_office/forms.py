"""Forms of the directory's back office. They parse input and give field-level messages; the
services in directory.back_office.services validate again and write."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from core.web.params import is_digits
from directory.back_office import entry_values, selectors
from directory.back_office import services as cs
from directory.models import (
    ChangeRequest,
    Organization,
    Phone,
    Reach,
    ReviewStatus,
    ServiceArea,
    Status,
    Taxonomy,
    TaxonomyTerm,
)

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TIME_MESSAGES = {"invalid": _("時刻は 09:00 のように入力してください。")}
CHOICE_MESSAGES = {"invalid_choice": _("一覧から選んでください。")}


class RowForm(forms.Form):
    """A row of a form set (a phone, an opening-hours line). Every row is validated, even
    one the client calls "extra": a blank row is simply skipped."""

    def __init__(self, *args, **kwargs):
        kwargs["empty_permitted"] = False
        super().__init__(*args, **kwargs)


def _textarea(label, *, rows=4, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=entry_values.TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


def _url_field(label) -> forms.URLField:
    return forms.URLField(
        label=label,
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("例: https://www.example.jp/"),
        error_messages={"invalid": _("URLは https:// から始まる形で正しく入力してください。")},
    )


def _email_field(label) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=False,
        max_length=254,
        error_messages={"invalid": _("メールアドレスを正しく入力してください。")},
    )


# --- organizations -----------------------------------------------------------------------------


class OrganizationProposalForm(forms.Form):
    """What a partner may change about its organization (reviewed before publication)."""

    # HSDS requires an organization's description (the open data and the API carry it).
    description = forms.CharField(
        label=_("説明"),
        max_length=entry_values.TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "どんな機関・団体か、何をしているかを短く書いてください（公開データで必須の項目です）。"
        ),
        error_messages={
            "required": _(
                "説明を入力してください。どんな機関・団体かを書きます（公開データ（HSDS）で必須です）。"
            )
        },
    )
    website = _url_field(_("ウェブサイト"))
    email = _email_field(_("メール"))

    value_fields = entry_values.ORGANIZATION_PROPOSAL_FIELDS

    @classmethod
    def initial_for(cls, organization: Organization) -> dict:
        return entry_values.organization_values(organization)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.value_fields}


class OrganizationDirectForm(OrganizationProposalForm):
    """The secretariat's direct edit (published at once)."""

    name = forms.CharField(
        label=_("名称"),
        max_length=200,
        error_messages={"required": _("名称を入力してください。")},
    )
    alternate_name = forms.CharField(label=_("別称"), required=False, max_length=200)
    category = forms.ChoiceField(
        label=_("区分"), choices=Organization.Category.choices, error_messages=CHOICE_MESSAGES
    )
    review_status = forms.ChoiceField(
        label=_("公開状態"), choices=ReviewStatus.choices, error_messages=CHOICE_MESSAGES
    )

    field_order = ["name", "alternate_name", "category", "description", "website", "email"]
    value_fields = (*entry_values.ORGANIZATION_DIRECT_FIELDS, entry_values.REVIEW_STATUS_FIELD)


class MaintainerForm(forms.Form):
    maintainer = forms.TypedChoiceField(
        label=_("情報を管理する組織（アカウント）"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "選んだ組織の「関係機関・団体」「住宅確保支援事業者」の利用者が、この機関・団体と"
            "その支援・サービスの掲載内容の変更を申請できるようになります。"
        ),
        error_messages={"invalid_choice": _("一覧にある組織を選んでください。")},
    )

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {
            organization.pk: organization
            for organization in cs.maintainer_choices(local_government)
        }
        self.fields["maintainer"].choices = [("", _("（設定しない）"))] + [
            (str(pk), f"{organization.name}（{organization.get_kind_display()}）")
            for pk, organization in self.organizations.items()
        ]

    def chosen_maintainer(self):
        pk = self.cleaned_data.get("maintainer")
        return self.organizations.get(pk) if pk is not None else None


# --- services ----------------------------------------------------------------------------------

TERM_FIELDS = {
    Taxonomy.Kind.NEED: "needs",
    Taxonomy.Kind.AUDIENCE: "audiences",
    Taxonomy.Kind.SITUATION: "situations",
}


class ServiceForm(forms.Form):
    """What a partner may change about a service (reviewed before publication)."""

    name = forms.CharField(
        label=_("名称"), max_length=200, error_messages={"required": _("名称を入力してください。")}
    )
    summary = forms.CharField(
        label=_("ひとことで（本人向け）"),
        required=False,
        max_length=120,
        help_text=_(
            "相談する人に、何をしてくれるかを1行で（120文字まで）。例: 電話で悩みを聞きます。"
            "窓口の一覧にこの1行が出ます。"
        ),
        error_messages={"max_length": _("120文字以内で入力してください。")},
    )
    description = _textarea(_("内容"), rows=6)
    plain_description = _textarea(
        _("やさしい日本語の説明"),
        help_text=_("短い文で書きます。空欄なら内容から作ります。"),
    )
    eligibility_description = _textarea(_("対象となる人"))
    application_process = _textarea(_("利用のしかた"))
    fees_description = _textarea(_("費用"), rows=2)
    url = _url_field(_("ウェブサイト"))
    email = _email_field(_("メール"))
    status = forms.ChoiceField(
        label=_("実施状況"), choices=Status.choices, error_messages=CHOICE_MESSAGES
    )
    is_24_hours = forms.BooleanField(label=_("24時間対応"), required=False)
    needs = forms.MultipleChoiceField(
        label=_("困りごと（ニーズ）"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("一覧にある分類を選んでください。")},
    )
    audiences = forms.MultipleChoiceField(
        label=_("利用する人"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("一覧にある分類を選んでください。")},
    )
    situations = forms.MultipleChoiceField(
        label=_("状況"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("一覧にある分類を選んでください。")},
    )

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        terms = TaxonomyTerm.objects.filter(local_government=local_government).select_related(
            "taxonomy"
        )
        choices = {name: [] for name in TERM_FIELDS.values()}
        for term in terms.order_by("position", "code"):
            field = TERM_FIELDS.get(term.taxonomy.kind)
            if field:
                choices[field].append((entry_values.term_key(term), term.name))
        for name, field_choices in choices.items():
            self.fields[name].choices = field_choices

    @classmethod
    def initial_for(cls, values: dict) -> dict:
        initial = {name: values[name] for name in values if name in cls.base_fields}
        for kind, field in TERM_FIELDS.items():
            initial[field] = [key for key in values.get("terms", []) if key.startswith(f"{kind}:")]
        return initial

    def term_fields(self):
        return [self[name] for name in TERM_FIELDS.values()]

    def values(self) -> dict:
        data = self.cleaned_data
        values = {name: data[name] for name in entry_values.SERVICE_TEXT_FIELDS}
        values["status"] = data["status"]
        values["is_24_hours"] = bool(data["is_24_hours"])
        values["terms"] = sorted({key for name in TERM_FIELDS.values() for key in data[name]})
        if "review_status" in data:
            values["review_status"] = data["review_status"]
        return values


class ServiceDirectForm(ServiceForm):
    """The secretariat's form: also where the service serves, who can reach it, the staff-only
    note and the general-window mark."""

    review_status = forms.ChoiceField(
        label=_("公開状態"), choices=ReviewStatus.choices, error_messages=CHOICE_MESSAGES
    )
    internal_note = _textarea(
        _("職員用メモ（非公開）"),
        rows=3,
        help_text=_("情報源や確認の経緯など。公開ページ・オープンデータには出ません。"),
    )
    area = forms.ChoiceField(
        label=_("対象地域"),
        required=False,
        choices=ServiceArea.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "区で絞り込むと、市内全域・県内全域・全国の窓口はどの区にも出ます。"
            "未設定なら、場所（住所）の区で判断します。"
        ),
        error_messages=CHOICE_MESSAGES,
    )
    area_wards = forms.MultipleChoiceField(
        label=_("対象の区"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("対象地域が「区を指定」のとき、対象の区をすべて選びます。"),
        error_messages={"invalid_choice": _("一覧にある区を選んでください。")},
    )
    reach = forms.ChoiceField(
        label=_("だれが相談できるか"),
        choices=Reach.choices,
        initial=Reach.PERSON,
        widget=forms.RadioSelect,
        help_text=_(
            "相談する人向けのページ・紹介シートには「本人・家族が直接相談できる」窓口だけが出ます。"
            "ほかは支援する方向けの表示に出ます。"
        ),
        error_messages=CHOICE_MESSAGES,
    )
    is_general_window = forms.BooleanField(
        label=_("市の総合的な相談窓口"),
        required=False,
        help_text=_("検索結果がないときなどに、いのちの電話などと並べて示します。"),
    )

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, local_government=local_government, **kwargs)
        self.fields["area_wards"].choices = [(w, w) for w in local_government.wards or []]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("area") == ServiceArea.WARDS and not cleaned.get("area_wards"):
            self.add_error("area_wards", _("「区を指定」のときは、区を1つ以上選んでください。"))
        return cleaned

    def values(self) -> dict:
        values = super().values()
        data = self.cleaned_data
        values["internal_note"] = data["internal_note"]
        values["area"] = data["area"]
        values["area_wards"] = list(data["area_wards"])
        values["reach"] = data["reach"]
        values["is_general_window"] = bool(data["is_general_window"])
        return values


class PhoneForm(RowForm):
    number = forms.CharField(
        label=_("番号"),
        required=False,
        max_length=40,
        help_text=_("例: 096-328-2397。消すときは空欄にします。"),
    )
    extension = forms.CharField(label=_("内線"), required=False, max_length=20)
    type = forms.ChoiceField(
        label=_("種類"),
        choices=Phone.Type.choices,
        initial=Phone.Type.VOICE,
        error_messages=CHOICE_MESSAGES,
    )
    description = forms.CharField(
        label=_("説明"), required=False, max_length=200, help_text=_("例: 相談専用")
    )

    def clean_number(self):
        number = entry_values.normalize_phone(self.cleaned_data.get("number", ""))
        if number:
            problem = entry_values.phone_error(number)
            if problem:
                raise forms.ValidationError(problem)
        return number

    def clean_extension(self):
        extension = self.cleaned_data.get("extension", "").strip()
        if extension and not is_digits(extension):
            raise forms.ValidationError(_("内線は数字で入力してください。"))
        return extension

    def clean(self):
        data = super().clean()
        if not data.get("number") and (data.get("extension") or data.get("description")):
            self.add_error("number", _("電話番号を入力してください。"))
        return data

    def value(self) -> dict | None:
        data = getattr(self, "cleaned_data", {})
        if not data.get("number"):
            return None
        return {
            "number": data["number"],
            "extension": data.get("extension", ""),
            "type": data.get("type") or Phone.Type.VOICE,
            "description": data.get("description", "").strip(),
        }


class ScheduleForm(RowForm):
    days = forms.MultipleChoiceField(
        label=_("曜日"),
        required=False,
        choices=[(day, label) for day, label in entry_values.WEEKDAY_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("曜日を選び直してください。")},
    )
    opens_at = forms.TimeField(
        label=_("開始時刻"), required=False, widget=TIME_INPUT, error_messages=TIME_MESSAGES
    )
    closes_at = forms.TimeField(
        label=_("終了時刻"), required=False, widget=TIME_INPUT, error_messages=TIME_MESSAGES
    )
    notes = forms.CharField(
        label=_("注記"), required=False, max_length=300, help_text=_("例: 祝日・年末年始を除く")
    )

    def clean(self):
        data = super().clean()
        if self.errors or self.is_blank():
            return data
        problem = entry_values.schedule_error(
            data.get("days"), data.get("opens_at"), data.get("closes_at")
        )
        if problem:
            raise forms.ValidationError(problem)
        return data

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (
            data.get("days") or data.get("opens_at") or data.get("closes_at") or data.get("notes")
        )

    def value(self) -> dict | None:
        if self.is_blank():
            return None
        data = self.cleaned_data
        return {
            "byday": ",".join(day for day in entry_values.WEEKDAYS if day in data["days"]),
            "opens_at": data["opens_at"].strftime("%H:%M"),
            "closes_at": data["closes_at"].strftime("%H:%M"),
            "notes": data.get("notes", "").strip(),
        }


def _formset(form, *, extra, limit):
    return formset_factory(form, extra=extra, max_num=limit, validate_max=True, absolute_max=limit)


class ServiceEditor:
    """The service form with its phones and opening hours (one form set each)."""

    def __init__(self, data=None, *, local_government, values: dict | None = None, direct=False):
        values = values or {}
        form_class = ServiceDirectForm if direct else ServiceForm
        self.form = form_class(
            data, local_government=local_government, initial=form_class.initial_for(values)
        )
        phones = values.get("phones", [])
        schedules = [
            {
                "days": [day for day in row["byday"].split(",") if day],
                "opens_at": row["opens_at"],
                "closes_at": row["closes_at"],
                "notes": row["notes"],
            }
            for row in values.get("schedules", [])
        ]
        self.phones = _formset(PhoneForm, extra=1 if phones else 2, limit=entry_values.MAX_PHONES)(
            data, prefix="phones", initial=phones
        )
        self.schedules = _formset(
            ScheduleForm, extra=1 if schedules else 2, limit=entry_values.MAX_SCHEDULES
        )(data, prefix="schedules", initial=schedules)

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), self.phones.is_valid(), self.schedules.is_valid()]
        return all(results)

    @property
    def has_errors(self) -> bool:
        return bool(
            self.form.errors
            or self.phones.total_error_count()
            or self.schedules.total_error_count()
        )

    def values(self) -> dict:
        values = self.form.values()
        values["phones"] = [row for form in self.phones for row in [form.value()] if row]
        values["schedules"] = [row for form in self.schedules for row in [form.value()] if row]
        return values


# --- lists -------------------------------------------------------------------------------------


class _ListFilterForm(forms.Form):
    q = forms.CharField(label=_("名称"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("区分"), required=False, choices=[("", _("すべて")), *Organization.Category.choices]
    )
    due = forms.BooleanField(label=_("要確認（12か月以上確認していない）のみ"), required=False)
    pending = forms.BooleanField(label=_("確認待ちの変更申請があるもののみ"), required=False)

    sorts: dict = {}
    default_sort = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort"] = forms.ChoiceField(
            required=False, choices=[(key, key) for key in self.sorts], widget=forms.HiddenInput
        )

    def filters(self) -> dict:
        """The valid filters (an invalid value is reported and ignored)."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        filters = {name: data.get(name) or "" for name in self.fields if name != "sort"}
        for name in ("due", "pending"):
            filters[name] = bool(data.get(name))
        filters["q"] = filters["q"].strip()
        filters["sort"] = data.get("sort") or self.default_sort
        return filters


class OrganizationFilterForm(_ListFilterForm):
    sorts = selectors.ORGANIZATION_SORTS
    default_sort = "name"


class ServiceFilterForm(_ListFilterForm):
    need = forms.ChoiceField(label=_("困りごと（ニーズ）"), required=False)
    status = forms.ChoiceField(
        label=_("実施状況"), required=False, choices=[("", _("すべて")), *Status.choices]
    )
    review = forms.ChoiceField(
        label=_("公開状態"), required=False, choices=[("", _("すべて")), *ReviewStatus.choices]
    )

    field_order = ["q", "category", "need", "status", "review", "due", "pending"]
    sorts = selectors.SERVICE_SORTS
    default_sort = "organization"

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [("", _("すべて")), *selectors.need_choices(local_government)]


class ChangeFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("状態"), required=False, choices=[("", _("すべて")), *ChangeRequest.State.choices]
    )

    def state_value(self, default: str) -> str:
        if not self.is_bound:
            return default
        return self.cleaned_data.get("state", "") if self.is_valid() else default


class ReviewForm(forms.Form):
    APPROVE, REJECT = "approve", "reject"

    decision = forms.ChoiceField(
        label=_("判断"),
        choices=[(APPROVE, _("承認して公開する")), (REJECT, _("見送る"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("承認するか見送るかを選んでください。")},
    )
    comment = forms.CharField(
        label=_("コメント"),
        required=False,
        max_length=entry_values.COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("申請した団体に表示されます。見送るときは理由を書いてください。"),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REJECT and not (data.get("comment") or "").strip():
            self.add_error(
                "comment",
                _("見送る理由をコメントに書いてください。申請した団体に表示されます。"),
            )
        return data
