"""Shared fixtures: Kumamoto's plan, a small fictional city with one user per role, and the
browser (Debian's Chromium through Playwright)."""

import os
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from core.testing.browser import CSPWatch, WatchedBrowser, csp_failure

# The personal-data scan of the application log (log_scan; every browser test): docs/deploy.md.
pytest_plugins = ["core.testing.logscan"]

BASE_DIR = Path(__file__).resolve().parent
KUMAMOTO_PACKAGE = BASE_DIR / "packages" / "kumamoto-2021"
CHROMIUM = os.environ.get("TSUNAGU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "correct horse battery staple"

# The importers' property tests (docs/testing.md). "ci", the default: few examples, the same
# ones on every run (derandomized, no example database to keep), no deadline (the machine is
# shared; tests do not time things). HYPOTHESIS_PROFILE=deep searches far more, at random.
# The tests take function-scoped fixtures on purpose: the database is set up once per test and
# every example runs in its transaction (a refused import must leave the row counts as they are).
_HYPOTHESIS_CHECKS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
hypothesis_settings.register_profile(
    "ci",
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_HYPOTHESIS_CHECKS,
)
hypothesis_settings.register_profile(
    "deep",
    max_examples=1000,
    deadline=None,
    derandomize=False,
    database=None,
    print_blob=True,
    suppress_health_check=_HYPOTHESIS_CHECKS,
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (tested in accounts/tests); MD5 keeps the suite fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _api_not_throttled(settings):
    # The API's throttles (core/web/throttling.py) are tested on their own with low rates; other
    # tests walk many API URLs within a minute and must not meet them.
    settings.TSUNAGU_API_THROTTLE_RATES = {"anon": "100000/minute", "user": "100000/minute"}


@pytest.fixture(autouse=True)
def _jobs_run_at_once(settings):
    # Background jobs (core/jobs) run in the request that queues them, once its transaction
    # commits: the embedded engine with django-tasks' immediate backend. The database backend
    # and its worker, and Celery through Redis, are tested in core/tests/jobs/.
    settings.TSUNAGU_JOBS_ENGINE = "tasks"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _empty_cache():
    # Ids are reused between tests; a page cached by one test must not answer another.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def kumamoto_package():
    from plans.package.reading import read_package

    return read_package(KUMAMOTO_PACKAGE)


@pytest.fixture(scope="session")
def kumamoto_statistics():
    from stats.package import read_statistics_package

    return read_statistics_package(KUMAMOTO_PACKAGE)


@pytest.fixture(scope="session")
def kumamoto_directory(kumamoto_package):
    from directory.plan_package.reading import read_directory_package

    return read_directory_package(KUMAMOTO_PACKAGE, plan=kumamoto_package)


@pytest.fixture
def kumamoto(db, kumamoto_package, kumamoto_statistics, kumamoto_directory):
    """Kumamoto's whole plan, its statistics and its directory, loaded from the package as
    load_plan does."""
    from directory.crisis_package import crisis_terms_load_package, read_crisis_terms
    from directory.services import directory_load_package
    from plans.loading import plan_load_package
    from stats.services import statistics_load_package

    plan = plan_load_package(package=kumamoto_package).plan
    statistics_load_package(local_government=plan.local_government, package=kumamoto_statistics)
    if kumamoto_directory is not None:
        directory_load_package(local_government=plan.local_government, package=kumamoto_directory)
    crisis_terms = read_crisis_terms(KUMAMOTO_PACKAGE)
    if crisis_terms is not None:
        crisis_terms_load_package(local_government=plan.local_government, package=crisis_terms)
    return plan


def make_role_users(local_government, *, secretariat_department, own_department):
    """One user per role in `local_government` (all fictional); the department user works
    for `own_department`."""
    from accounts.models import Organization
    from accounts.tests.factories import OrganizationFactory, UserFactory
    from core.roles import Role

    slug = local_government.slug

    def org(kind, name, department=None):
        return OrganizationFactory(
            local_government=local_government,
            kind=kind,
            name=name,
            department=department,
            is_fictional=department is None,
        )

    def user(role, suffix, organization):
        return UserFactory(username=f"{slug}-{suffix}", role=role, organization=organization)

    city = Organization.Kind.CITY_DEPARTMENT
    return {
        Role.SECRETARIAT: user(
            Role.SECRETARIAT,
            "secretariat",
            org(city, secretariat_department.name, secretariat_department),
        ),
        Role.DEPARTMENT: user(
            Role.DEPARTMENT, "department", org(city, own_department.name, own_department)
        ),
        Role.PARTNER: user(
            Role.PARTNER, "partner", org(Organization.Kind.PARTNER, "支援団体（架空）")
        ),
        Role.VOLUNTEER: user(
            Role.VOLUNTEER, "volunteer", org(Organization.Kind.VOLUNTEER_GROUP, "保護司会（架空）")
        ),
        Role.EMPLOYER: user(
            Role.EMPLOYER, "employer", org(Organization.Kind.EMPLOYER, "建設会社（架空）")
        ),
        Role.HOUSING_PROVIDER: user(
            Role.HOUSING_PROVIDER,
            "housing",
            org(Organization.Kind.HOUSING_PROVIDER, "居住支援法人（架空）"),
        ),
    }


@pytest.fixture
def city(db):
    """A small fictional city: one published plan, two pillars, three measures, two
    departments, one user per role, and a system admin."""
    from accounts.tests.factories import UserFactory
    from core.roles import Role
    from core.tests.factories import LocalGovernmentFactory
    from plans.tests.factories import (
        AreaFactory,
        DepartmentFactory,
        IndicatorFactory,
        MeasureFactory,
        PillarFactory,
        PlanFactory,
    )

    lg = LocalGovernmentFactory(code="999991", slug="testcity", name="テスト市（架空）")
    housing = DepartmentFactory(local_government=lg, name="住宅政策課", position=1)
    safety = DepartmentFactory(local_government=lg, name="生活安全課", position=2)
    plan = PlanFactory(local_government=lg, key="2021")
    pillar1 = PillarFactory(plan=plan, number=1, title="連携強化と広報・啓発")
    pillar2 = PillarFactory(plan=plan, number=2, title="住居の確保")
    area1 = AreaFactory(pillar=pillar1, number=1, title="運動の推進")
    area2 = AreaFactory(pillar=pillar2, number=1, title="民間住宅への入居支援")
    measures = [
        MeasureFactory(
            area=area1,
            number=1,
            headings=["広報啓発"],
            body="カタカナのキャンペーンを行います。",
            departments=[safety],
        ),
        MeasureFactory(
            area=area2,
            number=1,
            headings=["セーフティネット住宅の登録促進"],
            body="住宅確保要配慮者の住まいを確保します。",
            departments=[housing],
        ),
        MeasureFactory(
            area=area2,
            number=2,
            headings=[],
            body="賃貸人の不安を解消します。",
            departments=[housing, safety],
        ),
    ]
    users = make_role_users(lg, secretariat_department=safety, own_department=housing)
    users[Role.SYSTEM_ADMIN] = UserFactory(
        username="sysadmin", role=Role.SYSTEM_ADMIN, organization=None
    )
    return SimpleNamespace(
        lg=lg,
        plan=plan,
        pillars=[pillar1, pillar2],
        areas=[area1, area2],
        measures=measures,
        departments={"housing": housing, "safety": safety},
        indicator=IndicatorFactory(plan=plan),
        # a reference indicator that reads its actuals from a statistics series, like
        # Kumamoto's outcome indicator (so that query counts compare like with like)
        statistic_indicator=IndicatorFactory(
            plan=plan,
            kind="reference",
            pillar=pillar1,
            name="刑法犯検挙人員中の再犯者数（統計・架空）",
            statistic_series="reoffenders",
            target_value=None,
            target_direction="decrease",
        ),
        users=users,
    )


def _approved_employer(user):
    """An approved company for an employer account (so that a 404 comes from the record asked
    for, not from an account without a company)."""
    from employment.tests.factories import EmployerFactory

    organization = user.organization
    return EmployerFactory(
        local_government=organization.local_government,
        organization=organization,
        name=organization.name,
    )


@pytest.fixture
def other_city(db):
    """Another local government with one user per role, each as equipped as the city's own
    (the employer's company is approved): the outsiders of the access matrix."""
    from core.roles import Role
    from core.tests.factories import LocalGovernmentFactory
    from plans.tests.factories import DepartmentFactory

    lg = LocalGovernmentFactory(code="999992", slug="othercity", name="よそ市（架空）")
    housing = DepartmentFactory(local_government=lg, name="住宅政策課", position=1)
    safety = DepartmentFactory(local_government=lg, name="生活安全課", position=2)
    users = make_role_users(lg, secretariat_department=safety, own_department=housing)
    _approved_employer(users[Role.EMPLOYER])
    return SimpleNamespace(lg=lg, users=users)


@pytest.fixture
def city_outsiders(city):
    """For each role tied to an organization, a user of the city with the same role in another
    department, company or partner organization than the city's user of that role."""
    from accounts.models import Organization
    from accounts.tests.factories import OrganizationFactory, UserFactory
    from core.roles import Role

    def user(role, kind, name, department=None):
        organization = OrganizationFactory(
            local_government=city.lg, kind=kind, name=name, department=department
        )
        return UserFactory(username=f"outsider-{role}", role=role, organization=organization)

    kind = Organization.Kind
    users = {
        Role.DEPARTMENT: user(
            Role.DEPARTMENT, kind.CITY_DEPARTMENT, "生活安全課 防犯係", city.departments["safety"]
        ),
        Role.PARTNER: user(Role.PARTNER, kind.PARTNER, "別の支援団体（架空）"),
        Role.VOLUNTEER: user(Role.VOLUNTEER, kind.VOLUNTEER_GROUP, "別の保護司会（架空）"),
        Role.EMPLOYER: user(Role.EMPLOYER, kind.EMPLOYER, "別の建設会社（架空）"),
        Role.HOUSING_PROVIDER: user(
            Role.HOUSING_PROVIDER, kind.HOUSING_PROVIDER, "別の居住支援法人（架空）"
        ),
    }
    _approved_employer(users[Role.EMPLOYER])
    return users


# --- what the tests need from the system ---------------------------------------------------
# The Debian packages are listed in scripts/debian-packages.txt; `make test` installs them when
# it may. Where they are missing, the tests that need them skip (and fail under CI=true), and
# the summary says which packages to install.

MISSING_PACKAGE = "Debian package missing"


def _unavailable(package, what):
    message = (
        f"{MISSING_PACKAGE}: {package} ({what}); install it with: sudo apt-get install -y {package}"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"under CI=true, {message}")
    pytest.skip(message)


def japanese_font_installed() -> bool:
    """Return whether fontconfig finds Noto Sans CJK JP, the font every PDF embeds."""
    if not shutil.which("fc-list"):
        return False
    found = subprocess.run(
        ["fc-list", ":lang=ja", "family"], capture_output=True, text=True, check=False
    ).stdout
    return "Noto Sans CJK JP" in found


@pytest.fixture(scope="session")
def _japanese_font():
    if not japanese_font_installed():
        _unavailable("fonts-noto-cjk", "the Japanese font the PDFs embed")


@pytest.fixture(autouse=True)
def _system_requirements(request):
    """Skip (or fail under CI) a test whose Debian package is missing."""
    if request.node.get_closest_marker("japanese_font"):
        request.getfixturevalue("_japanese_font")


def pytest_terminal_summary(terminalreporter):
    missing = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        if MISSING_PACKAGE in reason:
            package = reason.split(MISSING_PACKAGE + ": ", 1)[1].split(" ", 1)[0]
            missing[package] = missing.get(package, 0) + 1
    if missing:
        counts = ", ".join(f"{count} for {package}" for package, count in sorted(missing.items()))
        terminalreporter.write_line(
            f"tsunagu: {sum(missing.values())} tests skipped because Debian packages are "
            f"missing ({counts}); install them with: sudo apt-get install -y "
            f"{' '.join(sorted(missing))}",
            yellow=True,
            bold=True,
        )


# --- browser ------------------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    # While Playwright runs, its event loop stays set in the test thread, and the ORM refuses
    # to run there unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The browser therefore lives for
    # one module at a time, and a module that uses it must use it in every test, so that no
    # other test runs beside a live loop (or with the ORM's guard switched off).
    uses_browser: dict[str, set[bool]] = {}
    for item in items:
        uses_browser.setdefault(item.nodeid.split("::")[0], set()).add(
            "browser" in getattr(item, "fixturenames", ())
        )
    mixed = sorted(path for path, kinds in uses_browser.items() if len(kinds) > 1)
    if mixed:
        raise pytest.UsageError(
            "these modules mix browser and other tests; move the browser tests to a "
            "*_browser.py module: " + ", ".join(mixed)
        )


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        _unavailable("chromium", f"{CHROMIUM} drives the browser tests")
    # Playwright's sync API sets its event loop as the running loop of the test thread, and
    # the ORM refuses calls from a thread with a running loop. The calls these tests make
    # around the browser are synchronous, so allow them while the browser lives, and only then.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        # Any failure to start but a missing binary fails: a skip would hide a broken set-up.
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # Every context it opens reports what breaks the CSP (_no_csp_violations).
            yield WatchedBrowser(browser, CSPWatch())
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _no_csp_violations(request):
    """A browser test fails when a page it opened broke the Content-Security-Policy (a blocked
    inline script or style, eval, a foreign source): the console message or page error, or
    the securitypolicyviolation event, says which."""
    if "browser" not in request.fixturenames:
        yield
        return
    watch = request.getfixturevalue("browser").csp
    watch.take()
    yield
    violations = watch.take()
    if violations:
        pytest.fail(csp_failure(violations), pytrace=False)


@pytest.fixture(
    params=[pytest.param((390, 844), id="phone"), pytest.param((1280, 900), id="desktop")]
)
def page(request, browser, live_server):
    width, height = request.param
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="ja-JP", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def log_forbidden_words():
    """The demo data's names and the offence words: never in a log line (core/testing/logscan.py
    adds what each test saves)."""
    from coordination.tests.log_words import demo_words

    return demo_words()
