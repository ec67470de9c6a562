"""The application log: one line per request with its id, a refusal without a traceback, a 500
with one, JSON in production, nothing personal (core/logs.py)."""

import json
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse

from core.access import public
from core.logs import REQUEST_ID_HEADER, formatter, logging_config
from core.roles import Role
from core.testing.logscan import capture_logs


@public
def _broken(request):
    raise RuntimeError("a bug in a view")


@public
def _chatty(request):
    logging.getLogger("tsunagu.test").warning("something worth a line")
    return HttpResponse("ok")


urlpatterns = [path("broken/", _broken), path("chatty/", _chatty)]


def _records(capture):
    return [json.loads(line) for line in capture.lines]


@pytest.fixture
def department_client(client, city):
    client.force_login(city.users[Role.DEPARTMENT])
    return client


def test_a_refused_request_is_one_line_without_a_traceback(department_client):
    with capture_logs(logging.INFO) as capture:
        response = department_client.get(reverse("staff:audit_log"), {"q": "架空 一郎"})
    assert response.status_code == 403
    (line,) = _records(capture)
    assert line["event"] == "request_finished"
    assert line["request"] == f"GET {reverse('staff:audit_log')}"
    assert line["code"] == 403
    assert line["refusal"] == "PermissionDenied"
    assert line["request_id"] == response[REQUEST_ID_HEADER]
    assert "Traceback" not in capture.stream.getvalue()
    assert "架空" not in capture.stream.getvalue()


def test_a_missing_page_is_one_line(client, db):
    with capture_logs(logging.INFO) as capture:
        response = client.get("/no-such-body/?name=someone")
    assert response.status_code == 404
    (line,) = _records(capture)
    assert (line["request"], line["code"], line["refusal"]) == (
        "GET /no-such-body/",
        404,
        "Http404",
    )


def test_a_suspicious_request_is_one_line(client, db):
    with capture_logs(logging.INFO) as capture:
        response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    (line,) = _records(capture)
    assert (line["code"], line["refusal"]) == (400, "DisallowedHost")
    assert "Traceback" not in capture.stream.getvalue()


def test_a_csrf_failure_is_one_line(db):
    client = Client(enforce_csrf_checks=True)
    with capture_logs(logging.INFO) as capture:
        response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    (line,) = _records(capture)
    assert (line["code"], line["refusal"]) == (403, "CSRF")


@pytest.mark.urls("core.tests.test_logs")
def test_a_server_error_keeps_its_traceback_once(db):
    client = Client(raise_request_exception=False)
    with capture_logs(logging.INFO) as capture:
        response = client.get("/broken/?token=secret")
    assert response.status_code == 500
    records = _records(capture)
    failed = [record for record in records if record["event"] == "request_failed"]
    assert len(failed) == 1
    assert "RuntimeError: a bug in a view" in failed[0]["exception"]
    assert failed[0]["request"] == "GET /broken/"
    assert capture.stream.getvalue().count("Traceback") == 1
    assert {record["request_id"] for record in records} == {response[REQUEST_ID_HEADER]}
    assert "secret" not in capture.stream.getvalue()


@pytest.mark.urls("core.tests.test_logs")
def test_every_line_of_a_request_carries_its_id(db):
    with capture_logs(logging.DEBUG) as capture:
        first = Client().get("/chatty/")
        second = Client().get("/chatty/")
    records = _records(capture)
    assert [record["event"] for record in records] == [
        "request_started",
        "something worth a line",
        "request_finished",
    ] * 2
    ids = [record["request_id"] for record in records]
    assert ids == [first[REQUEST_ID_HEADER]] * 3 + [second[REQUEST_ID_HEADER]] * 3
    assert first[REQUEST_ID_HEADER] != second[REQUEST_ID_HEADER]


@pytest.mark.urls("core.tests.test_logs")
def test_a_trusted_proxys_request_id_is_kept_and_anyone_elses_replaced(db, settings):
    settings.TSUNAGU_TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy_id = "0123456789abcdef0123456789abcdef"
    with capture_logs(logging.INFO) as capture:
        from_proxy = Client(REMOTE_ADDR="10.0.0.2").get("/chatty/", HTTP_X_REQUEST_ID=proxy_id)
        from_outside = Client(REMOTE_ADDR="203.0.113.9").get("/chatty/", HTTP_X_REQUEST_ID=proxy_id)
        malformed = Client(REMOTE_ADDR="10.0.0.2").get(
            "/chatty/", HTTP_X_REQUEST_ID='x" injected=1'
        )
    assert from_proxy[REQUEST_ID_HEADER] == proxy_id
    assert from_outside[REQUEST_ID_HEADER] != proxy_id
    assert "injected" not in malformed[REQUEST_ID_HEADER]
    assert "injected" not in capture.stream.getvalue()
    assert "203.0.113.9" not in capture.stream.getvalue()  # no addresses in the log


def test_the_console_format_is_readable_and_an_unknown_one_refused():
    record = logging.LogRecord("tsunagu", logging.WARNING, __file__, 1, "hello %s", ("you",), None)
    line = formatter("console").format(record)
    assert "hello you" in line and not line.startswith("{")
    assert json.loads(formatter("json").format(record))["event"] == "hello you"
    with pytest.raises(ImproperlyConfigured):
        logging_config(log_format="xml", level="INFO")
