"""Reminders from the browser: the secretariat chooses the departments whose reports are
not submitted, sees the mail as it will be sent, and sends it now. The daily job
(manage.py send_reminders) keeps sending on its days; both go through pdca.reminders.services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.web.forms import add_service_errors
from core.web.params import id_param
from pdca import selectors
from pdca.models import ReportingCycle
from pdca.reminders import services as reminders


class ReminderForm(forms.Form):
    departments = forms.TypedMultipleChoiceField(
        label=gettext_lazy("督促メールを送る担当課"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "はじめは未提出のすべての担当課を選んでいます。同じ担当課には1日に1通までです"
            "（毎日の自動送信と合わせて）。"
        ),
        error_messages={
            "required": gettext_lazy("督促メールを送る担当課を選んでください。"),
            "invalid_choice": gettext_lazy("未提出の担当課から選んでください。"),
        },
    )

    def __init__(self, *args, mails, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].choices = [
            (
                mail.department_id,
                _("%(name)s（未提出 %(count)s 件・宛先 %(to)s）")
                % {
                    "name": mail.department_name,
                    "count": len(mail.reports),
                    "to": ", ".join(mail.recipients) or _("メールアドレスの登録なし"),
                },
            )
            for mail in mails
        ]
        self.fields["departments"].initial = [mail.department_id for mail in mails]


@roles_required(Role.SECRETARIAT)
def reminders_page(request, pk: int):
    local_government = staff_local_government(request)
    cycle = selectors.cycle(local_government, pk)
    today = timezone.localdate()
    mails = reminders.mails(cycle, today)
    form = ReminderForm(request.POST if request.method == "POST" else None, mails=mails)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = reminders.send_now(
                actor=request.user,
                cycle=cycle,
                department_ids=form.cleaned_data["departments"],
                today=today,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if outcome.sent:
                messages.success(
                    request,
                    _("%(count)s 課に督促メールを送りました。") % {"count": len(outcome.sent)},
                )
            no_address = [item.department_name for item in outcome.sent if not item.recipients]
            if no_address:
                messages.warning(
                    request,
                    _(
                        "次の担当課はメールアドレスの登録がなく、送信の記録だけを残しました: %(names)s"
                    )
                    % {"names": "、".join(no_address)},
                )
            if outcome.already_today:
                messages.info(
                    request,
                    _("次の担当課には今日すでに送っているため、送りませんでした: %(names)s")
                    % {"names": "、".join(outcome.already_today)},
                )
            return redirect("pdca:cycle_detail", pk=cycle.pk)
    shown = id_param(request.GET, "preview")
    preview = next((mail for mail in mails if mail.department_id == shown), None)
    if preview is None and mails:
        preview = mails[0]
    return render(
        request,
        "pdca/reminders.html",
        {
            "cycle": cycle,
            "mails": mails,
            "preview": preview,
            "form": form,
            "is_open": cycle.status == ReportingCycle.Status.OPEN,
        },
        status=400 if form.errors else 200,
    )
