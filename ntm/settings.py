"""Settings for ntm, read from environment variables with safe defaults.

Every variable is documented in README.md ("Biến môi trường"). The default is a developer's
laptop: SQLite in ./data, DEBUG on, console e-mail. ``DJANGO_ENV=production`` switches on the
hardening that ``manage.py check --deploy`` asks for and refuses to start without a secret key.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "co", "có"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DJANGO_ENV = env("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"
TESTING = env_bool("NTM_TESTING", "pytest" in sys.modules)

DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("Thiếu biến môi trường SECRET_KEY (bắt buộc khi chạy thật).")
    SECRET_KEY = "ntm-development-only-key-never-use-in-production-3f9c1e7a"  # noqa: S105

if PRODUCTION and (SECRET_KEY.startswith("THAY-BANG-") or "$(" in SECRET_KEY):
    # The example file's placeholder, or a shell command that systemd left unexpanded.
    raise ImproperlyConfigured(
        "SECRET_KEY vẫn là giá trị mẫu hoặc một lệnh chưa chạy: tạo khóa một lần theo "
        "deploy/ntm.env.example và ghi giá trị cố định vào tệp cấu hình."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "ntm.core.views.csrf_failure"  # Vietnamese, in production too
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

DATA_DIR = Path(env("NTM_DATA_DIR", str(BASE_DIR / "data")))
# Public age keys (age1…) every backup is encrypted to; the secret key is kept off the server.
NTM_BACKUP_AGE_RECIPIENTS = env_list("NTM_BACKUP_AGE_RECIPIENTS")
MEDIA_ROOT = Path(env("NTM_MEDIA_DIR", str(DATA_DIR / "media")))
# Uploaded evidence is served only through permission-checked views, never as /media/.
MEDIA_URL = "/tep-khong-cong-khai/"
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("NTM_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "ntm" / "static"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "ntm.core",
    "ntm.geography",
    "ntm.accounts",
    "ntm.criteria",
    "ntm.documents",
    "ntm.assessments",
    "ntm.plans",
    "ntm.mobilisation",
    "ntm.participation",
    "ntm.reports",
    "ntm.workspace",
    "ntm.api",
    "ntm.demo",
    "ntm.bench",
]

MIDDLEWARE = [
    "ntm.core.proxy.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Pages compressed for phones on slow networks (Django adds random bytes against BREACH);
    # whitenoise's precompressed static files pass through untouched (issue 8).
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ntm.core.maintenance_page.MaintenanceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ntm.accounts.middleware.IdleTimeoutMiddleware",
    "ntm.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ntm.urls"
WSGI_APPLICATION = "ntm.wsgi.application"
ASGI_APPLICATION = "ntm.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ntm" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "ntm.navigation.menu",
            ],
            "builtins": ["ntm.core.templatetags.vn", "ntm.core.templatetags.badges"],
        },
    }
]

# --- Database -----------------------------------------------------------------------------
# SQLite is the embedded default (one commune, one laptop). WAL lets readers work while a
# writer commits; IMMEDIATE transactions take the write lock at BEGIN so that two writers
# queue on the busy timeout instead of failing with "database is locked" half-way through.
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(DATA_DIR / "ntm.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
            # Tests use a file, not memory, so that threads (concurrent numbering tests) share
            # the database; one file per test process so parallel runs never collide.
            "TEST": {
                "NAME": env("SQLITE_TEST_PATH")
                or str(Path(tempfile.gettempdir()) / f"ntm-test-{os.getpid()}.sqlite3")
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ntm",
    }
}
if env("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL"),
    }

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Lock a username, not an IP: a whole commune office shares one address.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("NTM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("NTM_LOGIN_LOCK_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_CALLABLE = "ntm.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# axes warns that username-only locking lets an attacker rotate through usernames from one
# address; the alternative (locking the IP) locks out a whole commune office behind one NAT.
# Address-level throttling of the login form is done separately (see README, "Bảo mật").
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

SESSION_COOKIE_AGE = env_int("NTM_SESSION_HOURS", 12) * 3600
NTM_IDLE_TIMEOUT_MINUTES = env_int("NTM_IDLE_TIMEOUT_MINUTES", 30)
OTP_TOTP_ISSUER = env("NTM_OTP_ISSUER", "ntm")

# --- Locale -------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["ntm.formats"]

# "Today" for deadlines and overdue states. The demo lives in 2024: NTM_TODAY pins it.
NTM_TODAY = env("NTM_TODAY")
# A met indicator whose value exceeds its threshold by less than this share of the threshold
# (in %) is "Đạt nhưng chưa bền vững" (ntm.assessments.rules).
NTM_SUSTAINABILITY_MARGIN_PERCENT = env("NTM_SUSTAINABILITY_MARGIN_PERCENT", "5")

# --- Uploads ------------------------------------------------------------------------------
NTM_UPLOAD_MAX_MB = env_int("NTM_UPLOAD_MAX_MB", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail -------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "ntm@localhost")

# --- Static files -------------------------------------------------------------------------
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000 if PRODUCTION else 0
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG and not PRODUCTION

# --- Security -----------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Monitoring on the server itself asks gunicorn for the health check over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^suc-khoe/$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Operations ---------------------------------------------------------------------------
# Proxies whose X-Forwarded-For is believed (ntm.core.proxy): nginx on the same machine is
# 127.0.0.1. Empty: the header is ignored and REMOTE_ADDR is the socket's peer.
NTM_TRUSTED_PROXIES = env_list("NTM_TRUSTED_PROXIES")
# While this file exists every page is the maintenance page (restore, upgrades).
NTM_MAINTENANCE_FILE = Path(env("NTM_MAINTENANCE_FILE", str(DATA_DIR / "maintenance.on")))

# One line per record; LOG_FORMAT=json for log collectors (ntm.core.logs). Django's own
# "django" logger gets no handler of its own, so nothing is printed twice through the root.
LOG_LEVEL = env("LOG_LEVEL", "WARNING").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"()": "ntm.core.logs.OneLineFormatter"},
        "json": {"()": "ntm.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env("LOG_FORMAT").lower() == "json" else "line",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
