import json
import zipfile
from io import BytesIO

from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render

from core import opendata
from core.access import public
from core.models import LocalGovernment
from core.tenancy import local_government_from_slug
from core.web.exports import export


@public
def root(request):
    """The portal's front door: the only real local government's chooser, or a list of them."""
    governments = LocalGovernment.objects.filter(is_synthetic=False).order_by("code")
    if len(governments) == 1:
        return redirect("portal:local_government", lg=governments[0].slug)
    return render(request, "core/root.html", {"governments": governments})


@public
def local_government_home(request, lg: str):
    """The way in (/<lg>/): help for the person and family first, then supporters, then the
    plan and its progress. The choices are URL names resolved in the template, so that core
    imports none of the apps it links to; a part not installed yet (homes) is left out."""
    local_government_from_slug(request, lg)
    return render(request, "core/chooser.html")


@public
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@public
def opendata_index(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    return render(
        request,
        "core/opendata.html",
        {
            "resources": opendata.resources(),
            "descriptor": opendata.descriptor(local_government),
            "license_note": opendata.license_note(),
        },
    )


@public
def opendata_descriptor(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    return JsonResponse(
        opendata.descriptor(local_government),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


@export("csv")
@public
def opendata_resource(request, lg: str, name: str):
    local_government = local_government_from_slug(request, lg)
    resource = opendata.get_resource(name)
    if resource is None:
        raise Http404("no such resource")
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in opendata.csv_lines(resource, local_government)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{local_government.slug}-{resource.path}"'
    )
    return response


@export("zip")
@public
def opendata_zip(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json",
            json.dumps(opendata.descriptor(local_government), ensure_ascii=False, indent=2),
        )
        for resource in opendata.resources():
            archive.writestr(resource.path, "".join(opendata.csv_lines(resource, local_government)))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="tsunagu-{local_government.slug}-opendata.zip"'
    )
    return response
