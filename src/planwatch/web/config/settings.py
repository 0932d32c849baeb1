"""Django settings: the web layer's one reader of the environment (file locations come from
planwatch.paths, shared with the core and the CLI).

Development and production differ only by environment variables: ``PLANWATCH_DEBUG``,
``PLANWATCH_SECRET_KEY``, ``PLANWATCH_PRODUCTION``, ``DATABASE_URL``, ``PLANWATCH_ALLOWED_HOSTS``,
``PLANWATCH_DATA_KEY`` (and ``PLANWATCH_DATA_KEYS_OLD``), and for files ``PLANWATCH_DATA_DIR`` and
``PLANWATCH_CORPUS``.
"""

import os
from pathlib import Path

import dj_database_url

from planwatch.paths import data_dir, default_database_url, secret_made_once

DEBUG = os.environ.get("PLANWATCH_DEBUG", "0") == "1"

_secret = os.environ.get("PLANWATCH_SECRET_KEY")
if not _secret:
    if not DEBUG and os.environ.get("PLANWATCH_PRODUCTION") == "1":
        raise RuntimeError("PLANWATCH_SECRET_KEY must be set in production")
    # A key made per data folder: never committed, stable across restarts of one installation.
    _secret = secret_made_once(data_dir() / "secret_key", lambda: os.urandom(32).hex())
SECRET_KEY = _secret

# The key of the personal data encrypted at rest (privacy.fields): 32 bytes in URL-safe base64; when
# unset, one is made on first use in the data folder (``data_key``, 0600). Keys retired by a rotation
# stay listed, comma-separated, in PLANWATCH_DATA_KEYS_OLD so the values they wrote still read.
PLANWATCH_DATA_KEY = os.environ.get("PLANWATCH_DATA_KEY", "")
PLANWATCH_DATA_KEYS_OLD = [k for k in os.environ.get("PLANWATCH_DATA_KEYS_OLD", "").split(",") if k.strip()]

ALLOWED_HOSTS = [h for h in os.environ.get("PLANWATCH_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "planwatch.web.accounts",
    "planwatch.web.geography",
    "planwatch.web.agencies",
    "planwatch.web.catalogue",
    "planwatch.web.figures",
    "planwatch.web.overview",
    "planwatch.web.documents",
    "planwatch.web.targets",
    "planwatch.web.uploads",
    "planwatch.web.reports",
    "planwatch.web.rounds",
    "planwatch.web.ministry",
    "planwatch.web.privacy",
    "planwatch.web.registry",
    "rest_framework",
    "drf_spectacular",
    "planwatch.web.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "planwatch.web.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "planwatch.web.errors.DomainErrorMiddleware",
    "planwatch.web.busy.DatabaseBusyMiddleware",
]

# Django's database sessions and model backend, each reading what every request needs in one plain
# statement (accounts.sessions, accounts.backends): the ORM spent more time writing those SQL
# statements than the database spent answering them.
SESSION_ENGINE = "planwatch.web.accounts.sessions"
AUTHENTICATION_BACKENDS = ["planwatch.web.accounts.backends.UserProfileBackend"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "overview"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# ``planwatch serve`` runs several processes (web.config.server). "default" is each process's own
# memory: the evaluation, the page fragments, the unit maps and the targets, all keyed by the data
# stamp, so the processes never disagree. "shared" is a database table every process reads: login
# throttling and API rate limits, which must count every attempt wherever it lands, and the evaluated
# catalogue one process computes for all (web.caching). ``planwatch init`` creates the table.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "planwatch"},
    "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "planwatch_cache"},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

ROOT_URLCONF = "planwatch.web.config.urls"
WSGI_APPLICATION = "planwatch.web.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent.parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "planwatch.web.accounts.context_processors.access",
                "planwatch.web.context_processors.year_bounds",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or default_database_url())}
# Connections are kept between requests: opening one per request cost about 2 ms on SQLite (its
# schema read again and its page cache cold every time). A broken one is noticed and replaced.
DATABASES["default"]["CONN_MAX_AGE"] = 600
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several server processes share the file: in WAL mode readers and the one writer do not block
    # each other, and a transaction takes the write lock when it begins (IMMEDIATE) rather than failing
    # half-way when two processes both try to upgrade a read lock.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [Path(__file__).resolve().parent.parent / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"

# E-mail to the senders of a reporting round: only when an SMTP server is configured; otherwise the
# notification stays in the application alone (rounds.services checks PLANWATCH_EMAIL_ENABLED).
EMAIL_HOST = os.environ.get("PLANWATCH_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("PLANWATCH_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("PLANWATCH_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PLANWATCH_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("PLANWATCH_EMAIL_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("PLANWATCH_EMAIL_FROM", "planwatch@localhost")
PLANWATCH_EMAIL_ENABLED = bool(EMAIL_HOST)

# Uploaded plan files. Never served as media: the one way to them is a login-checked view.
MEDIA_ROOT = data_dir() / "media"
MEDIA_URL = "media/"
PLANWATCH_UPLOAD_MAX_BYTES = 20 * 1024 * 1024  # the extractor reads nothing larger either

STATICFILES_DIRS = [Path(__file__).resolve().parent.parent / "static"]
# WhiteNoise serves the (few, small) static files straight from the package: no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# How many reverse proxies stand in front of planwatch (nginx: 1). The client address that login
# throttling and the API's rate limits count is then the one the outermost proxy saw, read from
# X-Forwarded-For; 0 (the default) uses the connection's address and ignores the header, which a client
# can write itself.
PLANWATCH_TRUSTED_PROXIES = int(os.environ.get("PLANWATCH_TRUSTED_PROXIES", "0"))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if os.environ.get("PLANWATCH_PRODUCTION") == "1":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("PLANWATCH_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"


# The API (/api/): token authentication only (no session, so no CSRF), JSON in and out (no browsable
# API), and DomainErrors answered through planwatch.web.errors.status_for like the pages.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["planwatch.web.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["planwatch.web.api.exceptions.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "planwatch.web.api.throttling.AnonRateThrottle",
        "planwatch.web.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "30/minute", "user": "600/minute"},
    "NUM_PROXIES": PLANWATCH_TRUSTED_PROXIES,
    "EXCEPTION_HANDLER": "planwatch.web.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "planwatch API",
    "VERSION": "1",
    "DESCRIPTION": (
        "Theo dõi mục tiêu của các văn bản chính sách: văn bản, mục tiêu, đánh giá tiến độ, nhập số liệu. "
        "Mọi địa chỉ (cả lược đồ này) cần mã API: `Authorization: Bearer <token>`.\n\n"
        "Targets of Vietnamese policy documents: documents, targets, progress evaluations, figure "
        "entry. Every path, this schema included, needs an API token."
    ),
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
