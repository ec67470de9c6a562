"""How the access matrix tries a row (core/tests/test_access_matrix.py): the outcome of one
request, the page's form to post back, and the watch that a refused request wrote nothing."""

from html.parser import HTMLParser

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.urls import reverse

from core.audit import SECURITY_ACTIONS
from core.models import AuditChainHead, AuditEntry
from core.testing.matrix import (
    ANON,
    BODY_ROLES,
    FORM,
    LOGIN,
    NOT_FOUND,
    ORGANIZATION_ROLES,
    REDIRECT,
    REFUSED,
    PageForm,
    Row,
)

# Tables a refused request may change: the session it was made in, the audit log (checked
# entry by entry) with the head of its hash chain, and the sign-in bookkeeping of the
# throttling library.
UNWATCHED_APPS = {"sessions", "axes"}
UNWATCHED_MODELS = {AuditEntry, AuditChainHead}


def matches(response, expected) -> bool:
    login_url = resolve_url(settings.LOGIN_URL)
    status = response.status_code
    location = response.headers.get("Location", "")
    to_login = status == 302 and location.startswith(login_url)
    if expected == LOGIN:
        return to_login
    if expected == REDIRECT:
        return status == 302 and not to_login
    if expected == FORM:
        return status in (200, 400) or (status == 302 and not to_login)
    return status == expected


def is_html_page(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and response.headers.get("Content-Type", "").startswith("text/html")
    )


def describe(response) -> str:
    return f"{response.status_code} {response.headers.get('Location', '')}".strip()


class WriteWatch:
    """Counts the rows of every watched table, and the audit entries, in one query each, so
    that a refused request can be shown to have written nothing."""

    def __init__(self):
        tables = sorted(
            {
                model._meta.db_table
                for model in apps.get_models()
                if model._meta.managed
                and not model._meta.proxy
                and model._meta.app_label not in UNWATCHED_APPS
                and model not in UNWATCHED_MODELS
            }
        )
        quote = connection.ops.quote_name
        counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
        self.tables = tables
        self.sql = f"SELECT {counts}"

    def snapshot(self):
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            counts = cursor.fetchone()
        last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        return counts, last

    def writes(self, before) -> list[str]:
        """What was written since `before`: tables whose count changed, audit entries other than
        the security ones."""
        counts, last = before
        now, _ = self.snapshot()
        found = [
            f"{table} {then} → {after}"
            for table, then, after in zip(self.tables, counts, now, strict=True)
            if then != after
        ]
        entries = (
            AuditEntry.objects.filter(pk__gt=last)
            .exclude(action__in=SECURITY_ACTIONS)
            .values_list("action", flat=True)
        )
        found += [f"audit entry {action}" for action in entries]
        return found


class _FormReader(HTMLParser):
    """The fields of the first form posting to `path` (or to the page itself)."""

    def __init__(self, path):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.state = "before"  # before → inside → done
        self.fields: list[tuple[str, str]] = []
        self.submit: tuple[str, str] | None = None
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if self.state == "before":
            action = attrs.get("action", "")
            if (
                tag == "form"
                and attrs.get("method", "").lower() == "post"
                and action in ("", self.path)
            ):
                self.state = "inside"
            return
        if self.state != "inside":
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            elif kind in ("submit", "image"):
                self.submit = self.submit or (name, attrs.get("value", ""))
            elif kind != "file":
                self.fields.append((name, attrs.get("value", "")))
        elif tag == "button" and name and attrs.get("type", "submit") == "submit":
            self.submit = self.submit or (name, attrs.get("value", ""))
        elif tag == "select" and name and "disabled" not in attrs:
            self.select, self.options = name, []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name and "disabled" not in attrs:
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if self.state != "inside":
            return
        if tag == "form":
            self.state = "done"
        elif tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected]
            if not chosen and self.options:
                chosen = [self.options[0][0]]
            self.fields += [(self.select, value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None


def has_page_form(html: str, path: str) -> bool:
    reader = _FormReader(path)
    reader.feed(html)
    return reader.state != "before"


def page_form_data(html: str, path: str, overrides: dict) -> dict:
    """The data a browser would post from the page's form (its first button pressed), with
    `overrides` (a value of None removes the field)."""
    reader = _FormReader(path)
    reader.feed(html)
    if reader.state == "before":
        raise AssertionError(f"no form posting to {path} on the page")
    data: dict[str, list[str]] = {}
    for name, value in reader.fields + ([reader.submit] if reader.submit else []):
        data.setdefault(name, []).append(value)
    data.pop("csrfmiddlewaretoken", None)
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


_WATCH: WriteWatch | None = None


def write_watch() -> WriteWatch:
    global _WATCH  # noqa: PLW0603 - the tables do not change while the tests run
    if _WATCH is None:
        _WATCH = WriteWatch()
    return _WATCH


class Trial:
    """One row tried: by every role of the city, by the outsiders, then (for a row read with
    GET) by POST. Collects the failures instead of stopping at the first."""

    def __init__(
        self, client, *, name, row: Row, kwargs: dict, city, other_city, outsiders, sign_in=None
    ):
        self.client = client
        # how a user signs in for a request (a second factor or a re-authentication goes here)
        self.sign_in = sign_in or (lambda client, user: client.force_login(user))
        self.name = name
        self.row = row
        self.kwargs = kwargs
        self.url = reverse(name, kwargs=kwargs)
        self.city = city
        self.other_city = other_city
        self.outsiders = outsiders
        self.failures: list[str] = []
        self.page = ""

    # --- one request ----------------------------------------------------------------------

    def request(self, who, user, method, data, expected, url=None):
        self.client.logout()
        if user is not None:
            self.sign_in(self.client, user)
        data = self.data(data)  # a callable makes fresh data for each request (unique names)
        watch = write_watch() if expected in REFUSED else None
        before = watch.snapshot() if watch else None
        response = getattr(self.client, method)(url or self.url, data)
        if not matches(response, expected):
            self.failures.append(
                f"{method.upper()} {who}: expected {expected}, got {describe(response)}"
            )
        elif watch and (written := watch.writes(before)):
            self.failures.append(
                f"{method.upper()} {who}: refused ({describe(response)}) but wrote "
                + ", ".join(written)
            )
        return response

    def user(self, role):
        return None if role == ANON else self.city.users[role]

    # --- who tries ------------------------------------------------------------------------

    def names_a_record(self) -> bool:
        return bool(set(self.kwargs) - {"lg"})

    def outsider_checks(self, expect) -> list[tuple[str, object]]:
        """(who, user) of the outsiders that must get `row.outsider`."""
        row = self.row
        if row.outsiders is False:
            return []
        derived = not row.is_public() and bool(self.kwargs)
        if not (row.outsiders or derived):
            return []
        allowed = [role for role in row.allowed(expect) if role in BODY_ROLES]
        checks = [
            (f"{role} of another local government", self.other_city.users[role]) for role in allowed
        ]
        if self.names_a_record() or row.outsiders:
            checks += [
                (f"{role} of another organization", self.outsiders[role])
                for role in allowed
                if role in ORGANIZATION_ROLES and role not in set(row.shared)
            ]
        return checks

    def phase(self, method, data, expect, refused_only=False):
        """Refused roles first (they must change nothing), then outsiders, then the allowed."""
        allowed = self.row.allowed(expect)
        for role in [r for r in expect if r not in allowed]:
            self.request(role, self.user(role), method, data, expect[role])
        for who, user in self.outsider_checks(expect):
            self.request(who, user, method, data, self.row.outsider)
        if refused_only:
            return
        for role in [r for r in expect if r in allowed]:
            response = self.request(role, self.user(role), method, data, expect[role])
            if method == "get" and not self.page and is_html_page(response):
                self.page = response.content.decode(errors="replace")

    def another_bodys_slug(self):
        """A public page of a record under another body's slug is a 404."""
        row = self.row
        if row.outsiders is False or not row.is_public():
            return
        if "lg" not in self.kwargs or not self.names_a_record():
            return
        url = reverse(self.name, kwargs={**self.kwargs, "lg": self.other_city.lg.slug})
        role = row.allowed()[0]
        data = self.data(self.row.data)
        self.request(
            f"{role} under another body's slug", self.user(role), row.method, data, NOT_FOUND, url
        )

    def data(self, source):
        return source(self.city) if callable(source) else source

    def post_check(self):
        """POST to a row read with GET: the data given, else the page's own form posted back
        (when the page has one), else nothing (then only the refused roles and the outsiders
        try: the view must refuse them as it refuses their GET, whatever it does with POST)."""
        row = self.row
        if row.method != "get":
            return
        source = row.post
        if source is None and self.page and has_page_form(self.page, self.url):
            source = PageForm()
        if source is None:
            self.phase("post", {}, row.posts(), refused_only=True)
            return
        if isinstance(source, PageForm):
            if not self.page:
                self.failures.append("page_form(): no allowed role read the page (200)")
                return
            overrides = {
                **source.overrides,
                **(source.of_city(self.city) if source.of_city else {}),
            }
            data = page_form_data(self.page, self.url, overrides)
        else:
            data = source
        self.phase("post", data, row.posts())

    def run(self) -> list[str]:
        self.phase(self.row.method, self.row.data, self.row.expect)
        self.another_bodys_slug()
        self.post_check()
        return self.failures
