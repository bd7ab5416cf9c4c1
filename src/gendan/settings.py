"""Gendan settings: one module, read from the environment only.

All state lives under GENDAN_HOME (default ./var): the SQLite database, the Huey
database, the generated SECRET_KEY, backups and uploads.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
GENDAN_HOME = Path(os.environ.get("GENDAN_HOME", "var")).resolve()
GENDAN_HOME.mkdir(parents=True, exist_ok=True)
BACKUP_DIR = GENDAN_HOME / "backups"
MEDIA_ROOT = GENDAN_HOME / "uploads"
STATIC_ROOT = GENDAN_HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)


def _env_list(name, default):
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def _secret_key():
    """The SECRET_KEY from the environment, else one generated on first run and kept."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = GENDAN_HOME / "SECRET_KEY"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# GENDAN_ENV=production: no debug pages whatever GENDAN_DEBUG says, and no demo factory.
GENDAN_ENV = os.environ.get("GENDAN_ENV", "development")
IS_PRODUCTION = GENDAN_ENV == "production"
DEBUG = os.environ.get("GENDAN_DEBUG", "") == "1" and not IS_PRODUCTION
# Debug pages list settings; every setting that may carry a password or a key is hidden.
DEFAULT_EXCEPTION_REPORTER_FILTER = "gendan.core.middleware.SecretHidingReporterFilter"
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "huey.contrib.djhuey",
    "axes",
    "gendan.core",
    "gendan.org",
    "gendan.catalog",
    "gendan.sales",
    "gendan.stock",
    "gendan.stock.slips",
    "gendan.shopfloor",
    "gendan.logistics",
    "gendan.quality",
    "gendan.followup",
    "gendan.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gendan.core.request_cache.RequestCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gendan.core.middleware.ChosenLanguageMiddleware",
    "gendan.core.middleware.RefuseNulCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "gendan.core.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "gendan.urls"
WSGI_APPLICATION = "gendan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gendan.core.context_processors.shell",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": GENDAN_HOME / "gendan.sqlite3",
            "OPTIONS": {
                # IMMEDIATE: a writing transaction takes the write lock at BEGIN, so a
                # read-then-write (taking a book number) never fails to upgrade its lock.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
            "TEST": {"NAME": GENDAN_HOME / "test.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache and background work ----------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "gendan",
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "gendan",
        "filename": str(GENDAN_HOME / "huey.sqlite3"),
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

# --- authentication -----------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "gendan.org.backends.PresentEmployeeBackend",
    "gendan.org.backends.RolePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 12 * 3600))
# Temporary lock-out after repeated failed logins (per user name and address).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", 0.25))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "gendan.core.audit.client_address"
CSRF_FAILURE_VIEW = "gendan.core.views.csrf_failure"

# --- HTTPS and the reverse proxy ------------------------------------------------------------
# GENDAN_HTTPS=1 when users reach Gendan over HTTPS (the proxy terminates TLS and sets
# X-Forwarded-Proto): HSTS, redirect to HTTPS, cookies only over HTTPS.
GENDAN_HTTPS = os.environ.get("GENDAN_HTTPS", "") == "1"
if GENDAN_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("GENDAN_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = os.environ.get("GENDAN_HSTS_PRELOAD", "") == "1"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only these addresses (the reverse proxies) may tell us the client's address in
# X-Forwarded-For; from anyone else the header is ignored.
GENDAN_TRUSTED_PROXIES = _env_list("GENDAN_TRUSTED_PROXIES", "")

# --- language and time --------------------------------------------------------------------
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- static files and uploads ---------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "uploads/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Files are served from STATIC_ROOT after `collectstatic` (done by `gendan serve`);
# finders stay on so a fresh checkout still serves every asset.
WHITENOISE_USE_FINDERS = True

# --- e-mail ---------------------------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gendan@localhost")
EMAIL_TIMEOUT = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

GENDAN_APP_NAME = _("Gendan")
