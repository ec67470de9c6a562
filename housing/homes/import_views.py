"""The import of an existing list of safety-net homes (/staff/housing/import/), in two steps:
the upload is read and checked and a preview shown (nothing written); "取り込む" then takes the
rows the preview showed, all or nothing. The rows travel between the two steps signed (and
compressed) in the confirm form, bound to the user and valid for an hour, so that nothing of
the file is kept on the server; they are checked again when they are taken."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import roles_required
from core.tenancy import staff_local_government
from core.uploads import error_report
from core.web.exports import csv_response, export
from housing.homes import importing, selectors, services
from housing.homes.forms import HomeUploadForm
from housing.homes.views import KEEPERS, not_registered
from stats.importer import ImportInvalid

SALT = "housing.homes.import"
TOKEN_MAX_AGE = 60 * 60
# The confirm form is posted as a whole: keep it well under Django's 2.5 MB of form data.
TOKEN_MAX_CHARS = 2_000_000
PREVIEW_ROWS = 200


def _scope(request):
    local_government = staff_local_government(request)
    if selectors.is_secretariat(request.user, local_government):
        return local_government, True, None
    return local_government, False, selectors.provider_of(request.user)


def _token(request, filename: str, raw_rows) -> str:
    return signing.dumps(
        {"user": request.user.pk, "file": filename, "rows": raw_rows}, salt=SALT, compress=True
    )


def _untoken(request, token: str):
    """(filename, raw rows) of a confirm form, or None when it is stale or not this user's."""
    try:
        data = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("user") != request.user.pk:
        return None
    rows = data.get("rows")
    if not isinstance(rows, list):
        return None
    return str(data.get("file", "")), [(int(number), dict(cells)) for number, cells in rows]


def _page(request, form, **context):
    headings = importing.export_headings()
    local_government, secretariat, _provider = _scope(request)
    return render(
        request,
        "housing/homes/import.html",
        {
            "form": form,
            "is_secretariat": secretariat,
            "columns": [
                (name, headings[name], name in importing.REQUIRED)
                for name in importing.COLUMNS
                if secretariat or name != "provider"
            ],
            "min_floor_area": selectors.min_floor_area(local_government),
            "acceptance_groups": selectors.acceptance_groups(local_government),
            **context,
        },
    )


@roles_required(*KEEPERS)
def import_file(request):
    local_government, secretariat, provider = _scope(request)
    if not secretariat and provider is None:
        return not_registered(request)
    if request.method == "POST" and "token" in request.POST:
        return _commit(request, local_government, provider)
    is_post = request.method == "POST"
    form = HomeUploadForm(request.POST, request.FILES) if is_post else HomeUploadForm()
    if not (is_post and form.is_valid()):
        return _page(request, form)
    filename = form.cleaned_data["file"].name
    try:
        raw_rows = importing.read_rows(filename=filename, content=form.cleaned_data["content"])
        rows = importing.validate_rows(importing.Scope(local_government, provider), raw_rows)
    except ImportInvalid as invalid:
        return _page(request, form, **error_report(invalid.errors))
    token = _token(request, filename, raw_rows)
    if len(token) > TOKEN_MAX_CHARS:
        form.add_error(
            "file",
            _("ファイルが大きすぎて確認画面を作れません。いくつかに分けて取り込んでください。"),
        )
        return _page(request, form)
    local = list(selectors.local_acceptances(local_government))
    preview = [
        {
            "row": row.row,
            "new": row.home is None,
            "provider": row.provider.organization.name,
            "values": row.values,
            "accepts": selectors.acceptance_labels(
                local_government, row.values.get("accepts", 0), local=local
            ),
        }
        for row in rows[:PREVIEW_ROWS]
    ]
    return render(
        request,
        "housing/homes/import_preview.html",
        {
            "filename": filename,
            "token": token,
            "preview": preview,
            "total": len(rows),
            "new_count": sum(1 for row in rows if row.home is None),
            "update_count": sum(1 for row in rows if row.home is not None),
        },
    )


def _commit(request, local_government, provider):
    taken = _untoken(request, request.POST.get("token", ""))
    if taken is None:
        return _page(
            request,
            HomeUploadForm(),
            stale=_("確認の期限が切れたか、内容が読めません。もう一度ファイルを選んでください。"),
        )
    filename, raw_rows = taken
    try:
        result = services.home_import(
            actor=request.user,
            local_government=local_government,
            raw_rows=raw_rows,
            filename=filename,
            provider=provider,
        )
    except ImportInvalid as invalid:
        return _page(request, HomeUploadForm(), **error_report(invalid.errors))
    messages.success(
        request,
        _(
            "%(file)s の%(rows)s行を取り込みました（新規 %(created)s・更新 %(updated)s・"
            "変更なし %(unchanged)s）。"
        )
        % {
            "file": filename,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )
    return redirect("housing:index")


@export("csv")
@roles_required(*KEEPERS)
def import_template(request):
    """The import template: the header row and one fictional example row."""
    headings = importing.export_headings()
    example = {
        "provider": _("居住支援法人れい（架空）"),
        "registration_number": "",
        "name": _("れいハイツ101（架空）"),
        "address": _("熊本市中央区れい町1-1（架空）"),
        "ward": _("中央区"),
        "rent": "38000",
        "common_fee": "2000",
        "deposit": "38000",
        "floor_area": "25.5",
        "layout": "1K",
        "units": "4",
        "vacancies": "1",
        "earthquake_resistant": _("はい"),
        "barrier_free": _("いいえ"),
        "pets_allowed": _("いいえ"),
        "dedicated": _("いいえ"),
        "accepts": _("高齢者、保護観察対象者等"),
        "contact": "096-000-0000",
        "is_public": _("はい"),
        "latitude": "",
        "longitude": "",
        "note": "",
    }
    return csv_response(
        [[headings[name] for name in importing.COLUMNS], [example[n] for n in importing.COLUMNS]],
        "safety-net-homes-template.csv",
    )
