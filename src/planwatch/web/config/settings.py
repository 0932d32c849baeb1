"""Django settings: the web layer's one reader of the environment (file locations come from
planwatch.paths, shared with the core and the CLI).

Development and production differ only by environment variables: ``PLANWATCH_DEBUG``,
``PLANWATCH_SECRET_KEY``, ``PLANWATCH_PRODUCTION``, ``DATABASE_URL``, ``PLANWATCH_ALLOWED_HOSTS``,
and for files ``PLANWATCH_DATA_DIR`` and ``PLANWATCH_CORPUS``.
"""

import os
from pathlib import Path

import dj_database_url

from planwatch.paths import data_dir, default_database_url

DEBUG = os.environ.get("PLANWATCH_DEBUG", "0") == "1"

_secret = os.environ.get("PLANWATCH_SECRET_KEY")
if not _secret:
    if not DEBUG and os.environ.get("PLANWATCH_PRODUCTION") == "1":
        raise RuntimeError("PLANWATCH_SECRET_KEY must be set in production")
    # A key made per data folder: never committed, stable across restarts of one installation.
    key_file = data_dir() / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(os.urandom(32).hex(), encoding="ascii")
    _secret = key_file.read_text(encoding="ascii").strip()
SECRET_KEY = _secret

ALLOWED_HOSTS = [h for h in os.environ.get("PLANWATCH_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "planwatch.web.geography",
    "planwatch.web.agencies",
    "planwatch.web.catalogue",
    "planwatch.web.figures",
    "planwatch.web.overview",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or default_database_url())}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = data_dir() / "static"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if os.environ.get("PLANWATCH_PRODUCTION") == "1":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("PLANWATCH_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = 31536000


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
