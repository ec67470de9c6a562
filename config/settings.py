"""Settings for Tsunagu, read from the environment.

Development works with no configuration (SQLite under var/). With TSUNAGU_ENV=production
every secret must come from the environment; there are no insecure defaults.
See .env.example for every variable.
"""

import logging
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core.caching import redis_caches
from core.crypto import field_keys
from core.env import env_bool, env_int, env_list, env_str
from core.logs import configure_structlog, logging_config
from core.sqlite import SQLITE_OPTIONS

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TSUNAGU_VAR_DIR", str(BASE_DIR / "var")))

TSUNAGU_ENV = env_str("TSUNAGU_ENV", "development")
if TSUNAGU_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("TSUNAGU_ENV must be 'development' or 'production'.")
PRODUCTION = TSUNAGU_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY", required=True)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
    DEBUG = env_bool("DEBUG", False)
    # One clear line each (docs/operations.md "Headers and production refusals"): a debug page
    # shows settings and stack frames to anyone, and a short key makes sessions guessable.
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set false).")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            f"SECRET_KEY must be at least 50 characters in production (it has {len(SECRET_KEY)})."
        )
else:
    # Development only: this key never protects real data.
    SECRET_KEY = env_str("SECRET_KEY", "development-only-key-not-for-production-use-0123456789")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
    DEBUG = env_bool("DEBUG", True)

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Keys of the encrypted fields (core/fields.py; docs/encryption.md): comma-separated Fernet keys,
# the first encrypts, all decrypt. Required in production (a missing or malformed key stops the
# start); development generates one into var/field-encryption.key.
FIELD_ENCRYPTION_KEYS = field_keys(
    env_str("FIELD_ENCRYPTION_KEYS"), production=PRODUCTION, var_dir=VAR_DIR
)
# The key of the duplicate search's keyed hash (coordination.models.match_key): set it in
# production and keep it (changing it makes existing records stop matching); empty falls back
# to SECRET_KEY.
TSUNAGU_MATCH_KEY = env_str("MATCH_KEY", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "csp",
    # The second factor (docs/adr/0007-second-factor.md): authenticator apps (TOTP), one-time
    # recovery codes (static tokens) and passkeys (WebAuthn).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "core",
    "accounts",
    "plans",
    "pdca",
    "stats",
    "directory",
    "employment",
    "housing",
    "campaigns",
    # Login throttling (accounts/throttle.py, docs/adr/0008-login-throttling.md).
    "axes",
    # The top layer: support coordination (docs/support-coordination.md). Last: nothing
    # imports it.
    "coordination",
]

MIDDLEWARE = [
    # --- operations: logs (core/logs.py, docs/adr/0014-logs-health-and-shared-cache.md) ---
    # First: every request, refused early or not, gets its id and its one log line.
    "core.logs.RequestLogMiddleware",
    # --- end operations: logs ---
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Outside every middleware that may answer early (redirects, 403s): it reads request.user
    # once the response is back, so a signed-in user's every response gets no-store.
    "core.web.headers.SecurityHeadersMiddleware",
    "core.web.params.QueryStringGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.access.AccessPolicyMiddleware",
    # Every 403 becomes an audit entry (who or which address, the path, the method).
    "core.web.denied.AccessDeniedAuditMiddleware",
    "accounts.middleware.MFARequiredMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.web.context_processors.tsunagu",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = (
    env_str("DATABASE_URL", required=PRODUCTION) or f"sqlite:///{VAR_DIR / 'tsunagu.sqlite3'}"
)
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL, synchronous=FULL, IMMEDIATE transactions (core/sqlite.py; ADR 0012).
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    DATABASES["default"]["TEST"] = {"NAME": None}
# PgBouncer in transaction pooling mode (TSUNAGU_PGBOUNCER=true; `make loadtest` runs so): nothing
# may outlive a transaction on the server, so no server-side cursors and no prepared statements.
# Why each setting, and what CONN_MAX_AGE and the time zone do there: docs/loadtest.md.
TSUNAGU_PGBOUNCER = env_bool("TSUNAGU_PGBOUNCER", False)
if TSUNAGU_PGBOUNCER:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("TSUNAGU_PGBOUNCER needs a postgres:// DATABASE_URL.")
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "portal:root"

# The reverse proxies in front of the application (addresses or networks, comma-separated).
# Only a request from one of them has its X-Forwarded-For read (core/web/client.py); empty (the
# default) means no proxy: REMOTE_ADDR is the client.
TSUNAGU_TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])

# Re-authentication (password and second factor) is asked again before exports of personal
# data, consent overrides and role changes when the last one is older than this.
TSUNAGU_REAUTH_SECONDS = env_int("REAUTH_SECONDS", 5 * 60, minimum=30)

# An invitation e-mail's link (set a password, then enrol a second factor) works once, for this
# many days (accounts/people/invitations.py).
TSUNAGU_INVITATION_DAYS = env_int("INVITATION_DAYS", 7, minimum=1)

# Failed sign-ins (docs/adr/0008-login-throttling.md, docs/operations.md "Sign-in throttling").
# django-axes keeps the counters in the database, so every worker process sees the same ones.
# Failures count per user name AND address together: LOGIN_FAILURE_LIMIT failures lock that
# pair for LOGIN_LOCKOUT_BASE_SECONDS, each further failure doubles the delay up to
# LOGIN_LOCKOUT_MAX_SECONDS; the count is forgotten LOGIN_FAILURE_WINDOW_SECONDS after the last
# failure (and its delay). One address is refused after LOGIN_FAILURE_IP_LIMIT failures in the
# window, whatever the names (a spray of many names).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_IP_LIMIT = env_int("LOGIN_FAILURE_IP_LIMIT", 30, minimum=1)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60, minimum=1)
LOGIN_LOCKOUT_BASE_SECONDS = env_int("LOGIN_LOCKOUT_BASE_SECONDS", 60, minimum=1)
LOGIN_LOCKOUT_MAX_SECONDS = env_int("LOGIN_LOCKOUT_MAX_SECONDS", 60 * 60, minimum=1)
# An account attacked from this many addresses within the window (or locked) is reported to
# its owner and its body's secretariat, at most once a day.
LOGIN_ATTACK_ADDRESSES = env_int("LOGIN_ATTACK_ADDRESSES", 3, minimum=2)
# manage.py prune_login_attempts deletes attempts and access logs older than this (days).
LOGIN_ATTEMPT_RETENTION_DAYS = env_int("LOGIN_ATTEMPT_RETENTION_DAYS", 90, minimum=1)

AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = "accounts.throttle.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.web.client.client_ip"
AXES_USERNAME_CALLABLE = "accounts.throttle.username_key"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]
AXES_ENABLE_ACCESS_FAILURE_LOG = False  # every failure is an audit entry instead
AXES_ENABLE_ADMIN = False  # no Django admin (ADR 3)
AXES_VERBOSE = False

# The second factor (docs/sign-in.md): required of every account that signs in, in
# production unless turned off; in development and tests anyone may enrol but nobody has to.
MFA_REQUIRED = env_bool("MFA_REQUIRED", PRODUCTION)
MFA_ISSUER = env_str("MFA_ISSUER", "Tsunagu")
OTP_TOTP_ISSUER = MFA_ISSUER

# Sessions end after this many idle seconds (each request renews them).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
# ... and after this many seconds from the sign-in whatever the activity
# (accounts.middleware.SessionLifetimeMiddleware).
TSUNAGU_SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60, minimum=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False

LANGUAGE_CODE = "ja"
# Japanese only for now; every string is translatable so other languages can be added.
LANGUAGES = [("ja", "日本語")]  # i18n-data
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Production serves collected files (manage.py collectstatic) through WhiteNoise; development
# serves them straight from the apps and static/.
STATIC_ROOT = env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles") if PRODUCTION else None)
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG and not PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files that hold personal data (signed consent forms) live outside the web root and
# are served only by views that check access (coordination.consents); nothing maps a URL to it.
TSUNAGU_PRIVATE_FILES_DIR = Path(env_str("PRIVATE_FILES_DIR", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": TSUNAGU_PRIVATE_FILES_DIR, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "tsunagu@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Progress-report reminders (manage.py send_reminders, run daily from cron): departments with
# reports not yet submitted get an e-mail this many days before and after the deadline.
TSUNAGU_REMINDER_DAYS_BEFORE = [int(d) for d in env_list("REMINDER_DAYS_BEFORE", ["7", "3", "1"])]
TSUNAGU_REMINDER_DAYS_AFTER = [
    int(d) for d in env_list("REMINDER_DAYS_AFTER", ["1", "7", "14", "28"])
]
# The address of this site in e-mails (links back to the report list).
TSUNAGU_SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Passkeys (django-otp-webauthn) as a second factor only, never instead of the password. The
# relying party is this site: its host name (or WEBAUTHN_RP_ID) and the origin of SITE_URL,
# which must be https:// (browsers allow passkeys over plain http only on localhost, so a
# development site on http://127.0.0.1 offers them at http://localhost:<port>).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
_site = urlsplit(TSUNAGU_SITE_URL)
if _site.scheme != "https":
    # Production is served over https at its host (set SITE_URL to say which, when several).
    _site = urlsplit(
        f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
        if PRODUCTION
        else f"http://localhost:{_site.port or 80}"
    )
OTP_WEBAUTHN_RP_ID = env_str("WEBAUTHN_RP_ID", _site.hostname or "localhost")
OTP_WEBAUTHN_RP_NAME = env_str("WEBAUTHN_RP_NAME", MFA_ISSUER)
OTP_WEBAUTHN_ALLOWED_ORIGINS = [
    f"{_site.scheme}://{_site.netloc}",
    *env_list("WEBAUTHN_EXTRA_ORIGINS", []),
]

# Public plan pages are cached per local government until its content changes (see
# core/web/pagecache.py); 0 turns the cache off. The cache is per process: a change expires the
# entries of every process at once because the key holds the content revision.
TSUNAGU_PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tsunagu",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 5000)},
    },
    # Rate limits (core/web/ratelimit.py) count in the database, shared by every worker
    # process; `manage.py createcachetable` creates the table (docs/operations.md).
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "tsunagu_rate_limits",
        "OPTIONS": {"MAX_ENTRIES": env_int("RATE_LIMIT_MAX_ENTRIES", 100_000)},
    },
}

# --- operations: shared cache (core/caching.py, docs/adr/0014-logs-health-and-shared-cache.md) -
# REDIS_URL (redis://host:6379/0) moves the page cache, the rate limits and the API throttles
# to one Redis every application server shares, and keeps sessions there in front of the
# database (cached_db). Unset (the embedded default): the caches above and database sessions.
TSUNAGU_REDIS_URL = env_str("REDIS_URL", "")
if TSUNAGU_REDIS_URL:
    CACHES = redis_caches(TSUNAGU_REDIS_URL)
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# --- end operations: shared cache ---

# Retention (core/retention.py; docs/encryption.md): days after which each kind of record with
# personal data reaches its end; `manage.py apply_retention --apply`, run daily from cron,
# deletes or anonymises what has expired and audits it. The audit log is never a kind here.
# - employment.job_seeker: a profile no longer seeking work (求職中でない), counted from its
#   last change, is anonymised (legal status, offences and free text erased; code, hires and
#   the statistics stay): 5 years.
# - employment.rejected_employer: a rejected employer application (its contact person's name,
#   phone and e-mail) is deleted, counted from the review: 3 years.
TSUNAGU_RETENTION = {
    "employment.job_seeker": env_int("RETENTION_JOB_SEEKER_DAYS", 5 * 365 + 1, minimum=1),
    "employment.rejected_employer": env_int(
        "RETENTION_REJECTED_EMPLOYER_DAYS", 3 * 365 + 1, minimum=1
    ),
}

# Password of the demo accounts that `manage.py seed_demo` creates (development only).
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "tsunagu-demo-2026")

# The local government that "/" and commands use when none is named (its slug).
TSUNAGU_DEFAULT_LOCAL_GOVERNMENT = env_str("TSUNAGU_DEFAULT_LOCAL_GOVERNMENT", "kumamoto")

# The licence of the open data (datapackage.json `licenses`, the open-data page). CC BY 4.0 by
# default: the licence the Japanese government's standard terms of use (政府標準利用規約 2.0)
# are compatible with, so a city publishing under those terms can keep this default.
TSUNAGU_OPENDATA_LICENSE = {
    "name": env_str("OPENDATA_LICENSE_NAME", "CC-BY-4.0"),
    "path": env_str("OPENDATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"),
    "title": env_str(
        "OPENDATA_LICENSE_TITLE", "Creative Commons Attribution 4.0 International (CC BY 4.0)"
    ),
}
TSUNAGU_OPENDATA_LICENSE_NOTE = env_str(
    "OPENDATA_LICENSE_NOTE",
    "CC BY 4.0 は政府標準利用規約（第2.0版）と互換性があります。",  # i18n-data
)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# django-axes asks for its middleware and authentication backend; Tsunagu calls axes from the
# sign-in services instead (accounts/services.py: the password, the second factor and the
# re-authentication all count, and the views render their own lock-out message).
SILENCED_SYSTEM_CHECKS = ["axes.W002", "axes.W003"]
# Content-Security-Policy (django-csp; docs/adr/0011-content-security-policy.md): scripts and
# styles only from our own static files, no inline code, nothing embeds us. A page that cannot
# do without an inline script would take a nonce (csp.constants.NONCE); none needs one today.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Permissions-Policy (core.web.headers): the powerful features the site never uses are off
# (only names Chromium knows: an unknown one is a console warning), passkeys (WebAuthn) are on
# for our own origin; clipboard-write and fullscreen keep the browser's default.
TSUNAGU_PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "clipboard-read": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "local-fonts": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Submitting a domain to the browsers' preload list is the domain owner's decision
        # (it binds every subdomain); see docs/operations.md.
        SILENCED_SYSTEM_CHECKS += ["security.W021"]

# Hostile input (docs/operations.md "Limits"). Every table that comes from outside, an upload in
# the back office (statistics, employers) or a file of a package or HSDS folder, is read within
# these bounds, checked in linear time before any transaction opens; a file over a bound gets
# an error naming the bound and the file's size.
TSUNAGU_UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
TSUNAGU_UPLOAD_MAX_ROWS = env_int("UPLOAD_MAX_ROWS", 20_000, minimum=1)
TSUNAGU_UPLOAD_MAX_COLUMNS = env_int("UPLOAD_MAX_COLUMNS", 100, minimum=1)
TSUNAGU_UPLOAD_MAX_CELL_CHARS = env_int("UPLOAD_MAX_CELL_CHARS", 10_000, minimum=1)
# An .xlsx is a zip: the sum of its parts' unpacked sizes (a zip bomb is refused unopened).
TSUNAGU_UPLOAD_MAX_XLSX_UNPACKED_BYTES = env_int(
    "UPLOAD_MAX_XLSX_UNPACKED_BYTES", 50 * 1024 * 1024, minimum=1
)
# The files of a package or HSDS folder (read by load_plan and import_hsds) may be larger.
TSUNAGU_PACKAGE_MAX_FILE_BYTES = env_int("PACKAGE_MAX_FILE_BYTES", 50 * 1024 * 1024, minimum=1)
TSUNAGU_PACKAGE_MAX_ROWS = env_int("PACKAGE_MAX_ROWS", 200_000, minimum=1)
# A multipart upload larger than this stops being read (and is not spooled to disk); the
# reverse proxy should refuse larger bodies first (docs/operations.md).
FILE_UPLOAD_HANDLERS = [
    "core.uploads.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# The API's page size: ?limit= (and the HSDS API's ?per_page=) may not exceed it.
TSUNAGU_API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 200, minimum=1)
# The API's request rates (DRF throttles): anonymous clients per address, signed-in ones per
# user, as "<number>/<second|minute|hour|day>".
TSUNAGU_API_THROTTLE_RATES = {
    "anon": env_str("API_THROTTLE_ANON", "120/minute"),
    "user": env_str("API_THROTTLE_USER", "600/minute"),
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "core.web.schema.TsunaguAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "core.web.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    # Too many requests get 429 with a JSON body and Retry-After (core/web/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": [
        "core.web.throttling.AnonThrottle",
        "core.web.throttling.UserThrottle",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tsunagu API",
    "DESCRIPTION": "再犯防止推進計画の公開データ API / Read-only API of recidivism-prevention plans.",  # i18n-data
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge image from validator.swagger.io: the CSP loads images from this site only.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"PeriodKindEnum": "core.periods.PeriodKind"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
    ],
}

# --- operations: logs (core/logs.py, docs/adr/0014-logs-health-and-shared-cache.md) ---------
# One line per event on stderr, with the request id: JSON objects in production (LOG_FORMAT=json,
# for journald or a log shipper), readable lines in development (LOG_FORMAT=console). Nothing
# personal: no addresses, user ids, user agents or query strings. A refused request (403, 404,
# 400) is one line; a 500 keeps its traceback.
TSUNAGU_LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "console")
LOGGING = logging_config(log_format=TSUNAGU_LOG_FORMAT, level=env_str("LOG_LEVEL", "INFO"))
configure_structlog()
# django-structlog (core.logs.RequestLogMiddleware narrows it): the request's start only at
# DEBUG, so that a request is one line at INFO.
DJANGO_STRUCTLOG_STATUS_START_LOG_LEVEL = logging.DEBUG
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False
DJANGO_STRUCTLOG_USER_ID_FIELD = None
# --- end operations: logs ---

# Regional minimum wages (地域別最低賃金), yen per hour, by prefecture code (the first two
# digits of the local government code) and the date each rate took effect. A job posting
# paid by the hour below the rate in effect is refused (employment.postings.services). Operators
# update this each autumn from the prefectural labour bureau's announcement; see
# docs/employment.md and docs/employment-postings.md. No rate for a prefecture: no check. Kumamoto (43): 熊本労働局.
TSUNAGU_MINIMUM_WAGES = {
    "43": [
        ("2019-10-01", 790),
        ("2020-10-01", 793),
        ("2021-10-01", 821),
        ("2022-10-01", 853),
        ("2023-10-08", 898),
        ("2024-10-05", 952),
        ("2026-01-01", 1034),
    ],
}

# --- support coordination: consents
# The largest signed consent form (PDF, JPEG or PNG) a case worker may attach, in bytes.
TSUNAGU_CONSENT_FORM_MAX_BYTES = env_int("CONSENT_FORM_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
# How long an approved emergency override (consent override, two-person rule) lasts, in hours.
TSUNAGU_OVERRIDE_HOURS = env_int("OVERRIDE_HOURS", 72, minimum=1)

# --- support coordination: referrals
# A referral sent (requested) with no answer for more than this many days is overdue: flagged
# to both sides and to the secretariat (docs/support-coordination/referrals.md).
TSUNAGU_REFERRAL_ANSWER_DAYS = env_int("REFERRAL_ANSWER_DAYS", 5, minimum=1)

# --- support coordination: api
# The API's choice sets named "status" (a case's, a referral's FHIR Task status) get their own
# names in the OpenAPI schema.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "CaseStatusEnum": "coordination.models.people.Case.Status",
        "ReferralStatusEnum": "coordination.models.referrals.ReferralStatus",
    }
)
# manage.py seed_synthetic: persons (支援対象者, 架空) a synthetic body gets on average, and
# referrals per person (≈100,000 persons and 500,000 referrals at N=1,741).
TSUNAGU_SYNTHETIC_SUPPORT_PERSONS = env_int("SYNTHETIC_SUPPORT_PERSONS", 57, minimum=0)
TSUNAGU_SYNTHETIC_SUPPORT_REFERRALS = env_int("SYNTHETIC_SUPPORT_REFERRALS", 5, minimum=0)

# --- support coordination: retention (coordination/retention.py; docs/encryption.md)
# - coordination.person: a person whose every case has been closed this long (from the latest
#   closing) is anonymised, with the free texts and signed forms of their cases: 5 years, as a
#   job seeker's profile, so a person supported both ways loses both together.
# - coordination.consent_form: the signed form of a consent withdrawn or past its validity this
#   long is deleted from the private storage: 5 years.
TSUNAGU_RETENTION.update(
    {
        "coordination.person": env_int("RETENTION_SUPPORT_PERSON_DAYS", 5 * 365 + 1, minimum=1),
        "coordination.consent_form": env_int("RETENTION_CONSENT_FORM_DAYS", 5 * 365 + 1, minimum=1),
    }
)

# --- campaigns: events
# manage.py seed_synthetic: fictional campaign events a synthetic body gets on average
# (≈50,000 at N=1,741), spread over five campaign years.
TSUNAGU_SYNTHETIC_CAMPAIGN_EVENTS = env_int("SYNTHETIC_CAMPAIGN_EVENTS", 29, minimum=0)

# --- housing: search (synthetic data)
# manage.py seed_synthetic: fictional safety-net homes (架空) a synthetic body gets on average
# (≈200,000 at N=1,741), held by one fictional provider per 25 homes or so.
TSUNAGU_SYNTHETIC_HOMES = env_int("SYNTHETIC_HOMES", 115, minimum=0)

# --- background jobs (core/jobs; docs/jobs.md, docs/adr/0013-background-jobs.md): the engine,
# django-tasks' and Celery's settings are in config/settings_jobs.py.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
from config.settings_jobs import *  # noqa: E402, F403
