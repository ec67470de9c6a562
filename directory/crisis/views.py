"""The secretariat's screen for the crisis-term list (/staff/directory/crisis-terms/): the
words that put the crisis lines first on the help portal (directory.crisis.terms). Only the
secretariat of the same local government; a term of another body does not exist (404).

Views only parse input, fetch, call one service (directory.crisis.services) and render."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.web.exports import csv_response, export
from core.web.forms import add_service_errors
from directory.crisis import services
from directory.crisis.terms import CRISIS_NEED
from directory.crisis_package import COLUMNS, crisis_term_texts
from directory.models import CrisisTerm


class CrisisTermForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("言葉"),
        max_length=CrisisTerm._meta.get_field("text").max_length,
        help_text=gettext_lazy(
            "ひらがな・カタカナ・漢字、全角・半角、送りがなのちがいは同じ言葉として探します"
            "（「死にたい」で「しにたい」「ｼﾆﾀｲ」も）。短い言葉ほど多くの検索に当たります。"
        ),
    )


def _terms(local_government):
    return CrisisTerm.objects.filter(local_government=local_government).order_by("position", "pk")


def _term_for(request, pk: int):
    local_government = staff_local_government(request)
    return local_government, get_object_or_404(_terms(local_government), pk=pk)


@roles_required(Role.SECRETARIAT)
def term_list(request):
    """The list, and the form to add a term (POST)."""
    local_government = staff_local_government(request)
    form = CrisisTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.crisis_term_create(
                actor=request.user,
                local_government=local_government,
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("「%(text)s」を加えました。") % {"text": term.text})
            return redirect("directory_admin:crisis_terms")
    return render(
        request,
        "directory/staff/crisis_terms.html",
        {
            "terms": list(_terms(local_government)),
            "form": form,
            "crisis_need": CRISIS_NEED,
            "local_government": local_government,
        },
        status=400 if form.errors else 200,
    )


@roles_required(Role.SECRETARIAT)
def term_edit(request, pk: int):
    local_government, term = _term_for(request, pk)
    form = CrisisTermForm(request.POST or None, initial={"text": term.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.crisis_term_update(
                actor=request.user, term=term, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("言葉を保存しました。"))
            return redirect("directory_admin:crisis_terms")
    return render(
        request,
        "directory/staff/crisis_term_form.html",
        {"term": term, "form": form},
        status=400 if form.errors else 200,
    )


@roles_required(Role.SECRETARIAT)
def term_delete(request, pk: int):
    """GET asks to confirm; POST deletes."""
    local_government, term = _term_for(request, pk)
    if request.method == "POST":
        text = term.text
        services.crisis_term_delete(actor=request.user, term=term)
        messages.success(request, _("「%(text)s」を削除しました。") % {"text": text})
        return redirect("directory_admin:crisis_terms")
    return render(request, "directory/staff/crisis_term_delete.html", {"term": term})


@export("csv")
@roles_required(Role.SECRETARIAT)
def terms_csv(request):
    """The list as the plan package's directory/crisis_terms.csv (to keep the package in step)."""
    local_government = staff_local_government(request)
    rows = ([text] for text in crisis_term_texts(local_government))
    # the package's own form: no BOM, "\n" line ends (a formula-like term is neutralised)
    return csv_response(rows, "crisis_terms.csv", header=COLUMNS, lineterminator="\n", bom=False)
