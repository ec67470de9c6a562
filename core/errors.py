"""Error pages in Japanese, in the public layout."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def bad_request(request, exception=None):
    return render(request, "core/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "core/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def server_error(request):
    # No request context: the failure may be in what context processors need (the database).
    return HttpResponseServerError(loader.get_template("core/500.html").render())
