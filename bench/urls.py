"""The project's URLs plus a trivial view: the floor that page timings are compared with."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from core.access import public


@public
def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *project_urlpatterns]
