"""The secretariat's pages of the 市営住宅 rounds and rules (/staff/housing/public-housing/):
list, create, edit, publish and take off the public page; the rules listed, added, edited
and moved up or down. Another body's round or rule is 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.web.forms import add_service_errors
from housing.models import PublicHousingRound, PublicHousingRule
from housing.public.selectors import round_state
from housing.public_housing import services
from housing.public_housing.forms import RoundForm, RuleForm


def _rounds(request):
    return PublicHousingRound.objects.filter(local_government=staff_local_government(request))


def _rules(request):
    return PublicHousingRule.objects.filter(local_government=staff_local_government(request))


@roles_required(Role.SECRETARIAT)
def index(request):
    today = timezone.localdate()
    rounds = [
        (housing_round, round_state(housing_round, today))
        for housing_round in _rounds(request).order_by("-application_from", "-id")
    ]
    return render(
        request,
        "housing/public_housing/index.html",
        {"rounds": rounds, "rules": _rules(request).order_by("order", "id")},
    )


def _round_form_page(request, form, housing_round=None):
    return render(
        request,
        "housing/public_housing/round_form.html",
        {"form": form, "round": housing_round},
    )


@roles_required(Role.SECRETARIAT)
def round_create(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_create(
                actor=request.user,
                local_government=staff_local_government(request),
                values=form.values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("募集を保存しました。公開ページに出すには「公開する」を押してください。")
            )
            return redirect("public_housing:index")
    return _round_form_page(request, form)


@roles_required(Role.SECRETARIAT)
def round_edit(request, pk: int):
    housing_round = get_object_or_404(_rounds(request), pk=pk)
    form = RoundForm(request.POST or None, instance=housing_round)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(
                actor=request.user, housing_round=housing_round, values=form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("募集を保存しました。"))
            return redirect("public_housing:index")
    return _round_form_page(request, form, housing_round)


def _set_published(request, pk: int, published: bool):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    housing_round = get_object_or_404(_rounds(request), pk=pk)
    services.round_set_published(
        actor=request.user, housing_round=housing_round, published=published
    )
    messages.success(
        request,
        _("募集を公開しました。") if published else _("募集を公開ページから外しました。"),
    )
    return redirect("public_housing:index")


@roles_required(Role.SECRETARIAT)
def round_publish(request, pk: int):
    return _set_published(request, pk, True)


@roles_required(Role.SECRETARIAT)
def round_unpublish(request, pk: int):
    return _set_published(request, pk, False)


def _rule_form_page(request, form, rule=None):
    return render(request, "housing/public_housing/rule_form.html", {"form": form, "rule": rule})


@roles_required(Role.SECRETARIAT)
def rule_create(request):
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_create(
                actor=request.user,
                local_government=staff_local_government(request),
                values=form.values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("入居の取扱いを追加しました。公開ページに出ます。"))
            return redirect("public_housing:index")
    return _rule_form_page(request, form)


@roles_required(Role.SECRETARIAT)
def rule_edit(request, pk: int):
    rule = get_object_or_404(_rules(request), pk=pk)
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_update(actor=request.user, rule=rule, values=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("入居の取扱いを保存しました。"))
            return redirect("public_housing:index")
    return _rule_form_page(request, form, rule)


def _move(request, pk: int, up: bool):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    rule = get_object_or_404(_rules(request), pk=pk)
    services.rule_move(actor=request.user, rule=rule, up=up)
    return redirect("public_housing:index")


@roles_required(Role.SECRETARIAT)
def rule_up(request, pk: int):
    return _move(request, pk, True)


@roles_required(Role.SECRETARIAT)
def rule_down(request, pk: int):
    return _move(request, pk, False)
