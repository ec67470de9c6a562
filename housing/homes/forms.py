"""Forms of the homes and providers pages. They parse and show; the registration standards and
who may do what are the services' (their errors come back beside the fields)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields.choice_masks import from_mask, to_mask
from housing.homes import selectors
from housing.models import HousingProvider, ProviderService, SafetyNetHome
from stats.forms import ValuesUploadForm, upload_limits_text

MAX_MONEY = 99_999_999
MAX_UNITS = 100_000
MONEY_ERRORS = {
    "min_value": _("金額は0円以上にしてください。"),
    "max_value": _("金額が大きすぎます。"),
    "invalid": _("金額は半角数字で書いてください（例: 40000）。"),
}


def _money(label: str, *, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_MONEY,
        error_messages=MONEY_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _ward_field(local_government, label, *, required=False) -> forms.Field:
    wards = list(local_government.wards or [])
    if wards:
        return forms.ChoiceField(
            label=label, required=required, choices=[("", "—"), *((w, w) for w in wards)]
        )
    return forms.CharField(label=label, required=required, max_length=20)


class HomeForm(forms.Form):
    """Every field of a safety-net home; the accepted attributes in groups of checkboxes
    (`accepts_<group>`), combined into the mask by `values()`."""

    provider = forms.ModelChoiceField(
        label=_("事業者"), queryset=HousingProvider.objects.none(), empty_label="—"
    )
    registration_number = forms.CharField(
        label=_("登録番号"), required=False, max_length=50, help_text=_("都道府県・市の登録番号")
    )
    name = forms.CharField(label=_("住宅の名称"), max_length=200)
    address = forms.CharField(label=_("所在地"), max_length=300)
    latitude = forms.DecimalField(
        label=_("緯度"), required=False, max_digits=9, decimal_places=6, min_value=-90, max_value=90
    )
    longitude = forms.DecimalField(
        label=_("経度"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
    )
    rent = _money(_("家賃（円・月額）"), required=True)
    common_fee = _money(_("共益費（円・月額）"))
    deposit = _money(_("敷金（円）"))
    floor_area = forms.DecimalField(
        label=_("床面積（㎡）"),
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0"),
        error_messages={"invalid": _("床面積は数字で書いてください（例: 25.5）。")},
    )
    layout = forms.CharField(label=_("間取り"), max_length=20, help_text=_("例: 1K, 2DK"))
    units = forms.IntegerField(
        label=_("戸数"),
        min_value=1,
        max_value=MAX_UNITS,
        initial=1,
        error_messages={"min_value": _("戸数は1戸以上にしてください。")},
    )
    vacancies = forms.IntegerField(
        label=_("空き戸数"),
        min_value=0,
        max_value=MAX_UNITS,
        initial=0,
        error_messages={"min_value": _("空き戸数は0戸以上にしてください。")},
    )
    earthquake_resistant = forms.BooleanField(
        label=_("耐震性あり"),
        required=False,
        initial=True,
        help_text=_("耐震性のない住宅はセーフティネット住宅として登録できません。"),
    )
    barrier_free = forms.BooleanField(label=_("バリアフリー"), required=False)
    pets_allowed = forms.BooleanField(label=_("ペット可"), required=False)
    dedicated = forms.BooleanField(label=_("専用住宅（住宅確保要配慮者専用）"), required=False)
    contact = forms.CharField(label=_("問い合わせ先"), required=False, max_length=300)
    note = forms.CharField(
        label=_("備考"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_public = forms.BooleanField(
        label=_("公開してよい"),
        required=False,
        help_text=_("家主が一般公開に同意した住宅だけ、市民向けの住宅一覧に出ます。"),
    )

    def __init__(self, *args, local_government, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if providers is None:
            del self.fields["provider"]
        else:
            self.fields["provider"].queryset = providers
        self.fields["ward"] = _ward_field(local_government, _("区"))
        current = self.initial.get("ward")
        if current and hasattr(self.fields["ward"], "choices"):
            if current not in dict(self.fields["ward"].choices):
                # a ward an imported list gave: kept, so that saving does not fail on it
                self.fields["ward"].choices = [*self.fields["ward"].choices, (current, current)]
        self.order_fields(["provider", "registration_number", "name", "address", "ward"])
        minimum = selectors.min_floor_area(local_government)
        self.fields["floor_area"].help_text = _("登録基準: %(min)s㎡以上") % {
            "min": f"{minimum:f}".rstrip("0").rstrip(".")
        }
        self.groups = selectors.acceptance_groups(local_government)
        for group in self.groups:
            self.fields[f"accepts_{group.key}"] = forms.MultipleChoiceField(
                label=group.label,
                required=False,
                choices=[(str(b), label) for b, label in group.choices],
                widget=forms.CheckboxSelectMultiple,
            )

    @property
    def acceptance_fields(self):
        return [self[f"accepts_{group.key}"] for group in self.groups]

    @staticmethod
    def initial_for(home: SafetyNetHome, local_government) -> dict:
        initial = {
            name: getattr(home, name)
            for name in (
                "provider",
                "registration_number",
                "name",
                "address",
                "ward",
                "latitude",
                "longitude",
                "rent",
                "common_fee",
                "deposit",
                "floor_area",
                "layout",
                "units",
                "vacancies",
                "earthquake_resistant",
                "barrier_free",
                "pets_allowed",
                "dedicated",
                "contact",
                "note",
                "is_public",
            )
        }
        for group in selectors.acceptance_groups(local_government):
            initial[f"accepts_{group.key}"] = [
                str(b) for b, _label in group.choices if home.accepts & (1 << b)
            ]
        return initial

    def values(self) -> dict:
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "provider" and not name.startswith("accepts_")
        }
        for name in ("common_fee", "deposit"):
            if data.get(name) is None:
                data[name] = 0
        data["ward"] = data.get("ward") or ""
        mask = 0
        for group in self.groups:
            for value in self.cleaned_data.get(f"accepts_{group.key}", []):
                mask |= 1 << int(value)
        data["accepts"] = mask
        return data


class HomeFilterForm(forms.Form):
    """The filters of the homes list; a bad value is left out (the list shows unfiltered)."""

    q = forms.CharField(label=_("名称・所在地・登録番号"), required=False, max_length=100)
    provider = forms.TypedChoiceField(
        label=_("事業者"), required=False, coerce=int, empty_value=None
    )
    ward = forms.ChoiceField(label=_("区"), required=False)
    status = forms.ChoiceField(
        label=_("掲載"),
        required=False,
        choices=[
            ("", _("すべて")),
            (selectors.ACTIVE, _("掲載中")),
            (selectors.INACTIVE, _("掲載をやめた住宅")),
        ],
    )
    sort = forms.ChoiceField(
        required=False,
        widget=forms.HiddenInput,
        choices=[("", "")] + [(key, key) for key in selectors.SORTS],
    )

    def __init__(self, *args, local_government, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if providers is None:
            del self.fields["provider"]
        else:
            self.fields["provider"].choices = [("", _("すべて"))] + [
                (str(p.pk), p.organization.name) for p in providers
            ]
        self.fields["ward"].choices = [("", _("すべて"))] + [
            (w, w) for w in selectors.wards_of(local_government)
        ]

    def filters(self) -> selectors.HomeFilters:
        self.is_valid()
        data = self.cleaned_data
        return selectors.HomeFilters(
            q=(data.get("q") or "").strip(),
            provider=data.get("provider"),
            ward=data.get("ward") or "",
            status=data.get("status") or "",
            sort=data.get("sort") or "",
        )


class ProviderForm(forms.Form):
    kind = forms.ChoiceField(label=_("種別"), choices=HousingProvider.Kind.choices)
    designation_number = forms.CharField(
        label=_("指定番号"),
        required=False,
        max_length=50,
        help_text=_("居住支援法人の指定番号など"),
    )
    established_on = forms.DateField(
        label=_("設立・指定日"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("日付は 2021-04-01 の形で書いてください。")},
    )
    services = forms.MultipleChoiceField(
        label=_("支援の内容"),
        required=False,
        choices=ProviderService.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    directory_organization = forms.ModelChoiceField(
        label=_("相談窓口一覧の項目"),
        required=False,
        queryset=HousingProvider.objects.none(),
        empty_label="—",
        help_text=_("電話番号と住所は、相談窓口一覧の項目の内容をそのまま表示します。"),
    )
    note = forms.CharField(
        label=_("メモ"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source_note = forms.CharField(label=_("出典"), required=False, max_length=300)

    def __init__(self, *args, local_government, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directory_organization"].queryset = selectors.directory_organizations(
            local_government
        )
        wards = list(local_government.wards or [])
        if wards:
            self.fields["areas"] = forms.MultipleChoiceField(
                label=_("対象地域"),
                required=False,
                choices=[(w, w) for w in wards],
                widget=forms.CheckboxSelectMultiple,
                help_text=_("選ばないときは市内全域です。"),
            )
        else:
            self.fields["areas"] = forms.CharField(
                label=_("対象地域"),
                required=False,
                max_length=300,
                help_text=_("区の名前を「、」で区切って書きます。空欄は市内全域です。"),
            )
        self.wards = wards
        if not staff:
            del self.fields["source_note"]
        self.order_fields(["kind", "designation_number", "established_on", "services", "areas"])

    @staticmethod
    def initial_for(provider: HousingProvider, local_government) -> dict:
        areas = list(provider.areas or [])
        return {
            "kind": provider.kind,
            "designation_number": provider.designation_number,
            "established_on": provider.established_on,
            "services": from_mask(ProviderService, provider.services),
            "areas": areas if local_government.wards else "、".join(areas),
            "directory_organization": provider.directory_organization,
            "note": provider.note,
            "source_note": provider.source_note,
        }

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["services"] = to_mask(ProviderService, data.get("services") or [])
        areas = data.get("areas") or []
        if isinstance(areas, str):
            areas = [a.strip() for a in areas.replace(",", "、").split("、") if a.strip()]
        data["areas"] = list(dict.fromkeys(areas))
        for name in ("organization", "organization_name"):
            data.pop(name, None)
        return data


class ProviderCreateForm(ProviderForm):
    organization = forms.ModelChoiceField(
        label=_("アカウントの組織"),
        required=False,
        queryset=HousingProvider.objects.none(),
        empty_label=_("— 新しい組織を作る —"),
        help_text=_("利用者アカウントの所属組織（種別: 住宅確保支援事業者）から選びます。"),
    )
    organization_name = forms.CharField(
        label=_("新しい組織の名前"),
        required=False,
        max_length=200,
        help_text=_("一覧にないときだけ書きます。住宅確保支援事業者の組織を作ります。"),
    )

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, local_government=local_government, staff=True, **kwargs)
        self.fields["organization"].queryset = selectors.organizations_without_profile(
            local_government
        )
        self.order_fields(["organization", "organization_name", "kind"])

    def clean(self):
        data = super().clean()
        if not data.get("organization") and not (data.get("organization_name") or "").strip():
            self.add_error(
                "organization_name", _("組織を選ぶか、新しい組織の名前を書いてください。")
            )
        return data


class LocalAcceptanceForm(forms.Form):
    label = forms.CharField(label=_("名称"), max_length=100)


class HousingRulesForm(forms.Form):
    min_floor_area = forms.DecimalField(
        label=_("最低床面積（㎡）"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("1"),
        help_text=_("国の基準は25㎡です。市の賃貸住宅供給促進計画で定めた面積があれば書きます。"),
    )
    note = forms.CharField(
        label=_("根拠"),
        required=False,
        max_length=300,
        help_text=_("例: 熊本市賃貸住宅供給促進計画（架空）"),
    )


class HomeUploadForm(ValuesUploadForm):
    """A list of safety-net homes (the statistics upload's checks: type and size)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("セーフティネット住宅の一覧（CSV または Excel）")
        self.fields["file"].help_text = str(
            _(
                "1行目は見出し行です。ひな形をダウンロードするか、この一覧の書き出しを直して使えます。"
            )
        ) + str(upload_limits_text())
