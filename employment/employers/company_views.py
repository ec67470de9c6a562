"""An employer's own company: an employer account sees and edits only the approved employer
its organization is (employment.access.employer_of), including whether it is public."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import roles_required
from core.roles import Role
from core.web.forms import add_service_errors
from employment.access import employer_of
from employment.employers import selectors, services
from employment.employers.forms import CompanyForm


@roles_required(Role.EMPLOYER)
def detail(request):
    employer = employer_of(request.user)
    request.local_government = employer.local_government
    return render(
        request,
        "employment/employers/company_detail.html",
        {"employer": employer, "record": selectors.hiring_record(employer)},
    )


@roles_required(Role.EMPLOYER)
def edit(request):
    employer = employer_of(request.user)
    request.local_government = employer.local_government
    form = CompanyForm(
        request.POST or None,
        initial=CompanyForm.initial_for(employer),
        wards=selectors.wards(employer.local_government),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_update(actor=request.user, employer=employer, values=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("会社の情報を更新しました。"))
            return redirect("company:detail")
    return render(
        request,
        "employment/employers/company_form.html",
        {"form": form, "employer": employer, "wards": form.wards},
    )
