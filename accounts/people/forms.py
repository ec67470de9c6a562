"""Forms of the account screens. The rules themselves live in accounts.people.services; the
forms offer only what the user may choose (their own body's organizations, the roles that can
be given here) and give every field a Japanese label."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from accounts.people import selectors
from accounts.people.services import ASSIGNABLE_ROLES
from core.models import LocalGovernment
from core.roles import Role
from plans.models import Department

ROLE_CHOICES = [(role.value, role.label) for role in ASSIGNABLE_ROLES]
ACTIVE_CHOICES = [("", _("すべて")), ("yes", _("利用中")), ("no", _("利用停止中"))]


class OrganizationChoiceField(forms.ModelChoiceField):
    """An organization, named with its body when the user manages several bodies."""

    def __init__(self, *args, with_body: bool = False, **kwargs):
        self.with_body = with_body
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Organization) -> str:
        label = f"{obj.name}（{obj.get_kind_display()}）"
        return f"{obj.local_government.name} / {label}" if self.with_body else label


def _organization_field(actor, queryset=None, **kwargs) -> OrganizationChoiceField:
    admin = actor.role == Role.SYSTEM_ADMIN
    return OrganizationChoiceField(
        queryset=(
            queryset if queryset is not None else selectors.manageable_organizations(actor)
        ).order_by("local_government__code", "kind", "name"),
        with_body=admin,
        label=_("所属組織"),
        **kwargs,
    )


class AccountFilterForm(forms.Form):
    q = forms.CharField(label=_("氏名・ユーザー名・メール"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("役割"), required=False)
    organization = forms.ModelChoiceField(
        label=_("所属組織"), required=False, queryset=Organization.objects.none()
    )
    active = forms.ChoiceField(label=_("状態"), required=False, choices=ACTIVE_CHOICES)
    lg = forms.ModelChoiceField(
        label=_("地方公共団体"), required=False, queryset=LocalGovernment.objects.none()
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("すべて")), *ROLE_CHOICES]
        self.fields["organization"] = _organization_field(
            actor, required=False, empty_label=_("すべて")
        )
        if actor.role == Role.SYSTEM_ADMIN:
            self.fields["lg"].queryset = selectors.bodies(actor)
            self.fields["lg"].empty_label = _("すべて")
        else:
            del self.fields["lg"]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        sort = data.get("sort") or selectors.DEFAULT_USER_SORT
        return {
            "q": (data.get("q") or "").strip(),
            "role": data.get("role") or "",
            "organization": data.get("organization"),
            "local_government": data.get("lg"),
            "active": data.get("active") or "",
            "sort": sort if sort in selectors.USER_SORTS else selectors.DEFAULT_USER_SORT,
        }


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("メールアドレス"),
        max_length=150,
        help_text=_(
            "この宛先に、パスワードを設定するためのリンクを送ります。ユーザー名にもなります。"
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    display_name = forms.CharField(label=_("氏名"), max_length=100)
    role = forms.ChoiceField(label=_("役割"), choices=ROLE_CHOICES)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = _organization_field(
            actor,
            help_text=_(
                "一覧にない組織は、先に「組織」の画面で作ってください。"
                "事務局と担当課の方は市の担当課に所属させます。"
            ),
        )


class AccountEditForm(forms.Form):
    display_name = forms.CharField(label=_("氏名"), max_length=100, required=False)
    role = forms.ChoiceField(label=_("役割"), choices=ROLE_CHOICES)

    def __init__(self, *args, actor, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = _organization_field(
            actor,
            queryset=selectors.manageable_organizations(actor).filter(
                local_government_id=user.local_government_id
            ),
            help_text=_("同じ地方公共団体の組織から選べます。"),
        )
        if user.pk == actor.pk:
            self.fields["role"].disabled = True
            self.fields["role"].help_text = _("自分の役割は変えられません。")


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200)
    kind = forms.ChoiceField(label=_("種別"), choices=Organization.Kind.choices)
    department = forms.ModelChoiceField(
        label=_("担当課（室）"),
        required=False,
        queryset=Department.objects.none(),
        help_text=_("種別が「市の担当課」のときに選びます（計画に載っている担当課から）。"),
    )

    def __init__(self, *args, actor, with_body: bool, **kwargs):
        super().__init__(*args, **kwargs)
        departments = selectors.departments(actor)
        self.fields["department"].queryset = departments
        admin = actor.role == Role.SYSTEM_ADMIN
        if admin:
            self.fields["department"].label_from_instance = lambda obj: (
                f"{obj.local_government.name} / {obj.name}"
            )
        if with_body:
            self.fields = {
                "local_government": forms.ModelChoiceField(
                    label=_("地方公共団体"),
                    queryset=selectors.bodies(actor),
                    initial=actor.local_government_id,
                ),
                **self.fields,
            }


class PasswordSetForm(SetPasswordForm):
    """Django's form (the password validators of settings), with Japanese labels and the
    browser's password manager asked to make a new password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("新しいパスワード")
        self.fields["new_password2"].label = _("新しいパスワード（確認のため、もう一度）")
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"


class OwnPasswordChangeForm(PasswordChangeForm):
    """A signed-in user changes their own password: the current one (which re-authenticates
    them) and the new one twice, checked by the password validators of settings."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("いまのパスワードが違います。"),
        "password_mismatch": _("新しいパスワードが、確認のための入力と一致しません。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("いまのパスワード")
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.fields["new_password1"].label = _("新しいパスワード")
        self.fields["new_password1"].help_text = _(
            "12文字以上。ほかのサービスと同じもの、数字だけのもの、よく使われるものは使えません。"
        )
        self.fields["new_password2"].label = _("新しいパスワード（確認のため、もう一度）")
        self.fields["new_password2"].help_text = ""
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"

    def current_password_wrong(self) -> bool:
        return self.has_error("old_password", "password_incorrect")
