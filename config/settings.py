"""Marsad settings: one file, read from the environment.

Only four variables matter (README, "Configuration"): DATABASE_URL, DJANGO_SECRET_KEY,
DJANGO_DEBUG and DJANGO_ALLOWED_HOSTS. Defaults are the safe production ones; a first run
sets DJANGO_DEBUG=true (the Makefile does) and then needs nothing else.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production (DJANGO_DEBUG off) needs a long random "
            "secret key; for a local trial run set DJANGO_DEBUG=true instead."
        )
    SECRET_KEY = "insecure-development-key-only-for-DJANGO_DEBUG-true"

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get(
        "DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else ""
    ).split(",")
    if host.strip()
]
if not DEBUG:
    # Local health checks use these (the test runner adds its own "testserver").
    ALLOWED_HOSTS += ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "plans",
    "indicators",
    "reports",
]

MIDDLEWARE = [
    "config.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.SessionTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "config.middleware.RejectNulMiddleware",
    "config.api_query.ApiParametersMiddleware",
    "config.middleware.PagesLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.second_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "plans.context_processors.membership",
            ],
            "builtins": ["plans.templatetags.marsad"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Computed dashboards are cached under the plan's revision, so a cache is never stale; a
# shared Redis (REDIS_URL) lets several machines share the work, memory is enough for one.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "TIMEOUT": 24 * 3600,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: deletes a user's API tokens whenever the password changes.
    {"NAME": "config.authentication.RevokeTokensOnPasswordChange"},
]
# API tokens stop working this many days after they were made.
MARSAD_TOKEN_DAYS = int(os.environ.get("MARSAD_TOKEN_DAYS", "30"))
# Sessions end after this long without a request, and this long after signing in.
MARSAD_SESSION_IDLE = int(os.environ.get("MARSAD_SESSION_IDLE_MINUTES", "30")) * 60
MARSAD_SESSION_ABSOLUTE = int(os.environ.get("MARSAD_SESSION_HOURS", "12")) * 3600
SESSION_COOKIE_AGE = MARSAD_SESSION_ABSOLUTE
# Against password guessing (config/signin.py): failures counted in the cache per account and
# per client address; reaching a limit within the window locks out for MARSAD_SIGNIN_LOCKOUT.
MARSAD_SIGNIN_ACCOUNT_FAILURES = int(os.environ.get("MARSAD_SIGNIN_ACCOUNT_FAILURES", "5"))
MARSAD_SIGNIN_ADDRESS_FAILURES = int(os.environ.get("MARSAD_SIGNIN_ADDRESS_FAILURES", "30"))
MARSAD_SIGNIN_WINDOW = int(os.environ.get("MARSAD_SIGNIN_WINDOW", str(15 * 60)))
MARSAD_SIGNIN_LOCKOUT = int(os.environ.get("MARSAD_SIGNIN_LOCKOUT", str(15 * 60)))
# The proxies (addresses or networks, comma-separated) whose X-Forwarded-For is believed;
# with none, the client address is REMOTE_ADDR and the header is ignored.
MARSAD_TRUSTED_PROXIES = [
    item.strip() for item in os.environ.get("DJANGO_TRUSTED_PROXIES", "").split(",") if item.strip()
]
# Two-step sign-in (config/second_factor.py): anyone may add an authenticator app (TOTP) with
# backup codes; with this on, planning admins and superusers must, and their sessions and
# tokens are refused until they have.
MARSAD_REQUIRE_TOTP_FOR_PLANNING_ADMINS = env_bool(
    "MARSAD_REQUIRE_TOTP_FOR_PLANNING_ADMINS", default=False
)
OTP_TOTP_ISSUER = "Marsad"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Arabic first, right to left; English second.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English")), ("ckb", _("Kurdish (Sorani)"))]
LANGUAGE_COOKIE_NAME = "marsad_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Baghdad"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded evidence lives outside the static files and is served only through views
# that check permissions.
MEDIA_ROOT = Path(os.environ.get("MARSAD_MEDIA_ROOT", BASE_DIR / "media"))

# Security: safe by default, relaxed only for DEBUG runs on plain http.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # A balancer's or monitor's health check may ask over plain http (config/health.py).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # HSTS: a year by default; subdomains and the browsers' preload list are a deployment's
    # own decision (preloading is hard to undo), so preload is off unless asked for.
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
    SILENCED_SYSTEM_CHECKS = [
        *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
        *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    ]

# No inline script or style anywhere: a strict policy holds.
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# Mail: printed to the console on a DEBUG run; in production sent through SMTP
# (DJANGO_EMAIL_HOST, by default the machine's own mail server). Tests catch it in memory.
# Seconds an SMTP server may take to answer; emails go out from a background task
# (plans/mail.py), which tries MARSAD_MAIL_ATTEMPTS times with growing pauses.
MARSAD_EMAIL_TIMEOUT = float(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10"))
MARSAD_MAIL_ATTEMPTS = int(os.environ.get("MARSAD_MAIL_ATTEMPTS", "5"))
# `manage.py send_reminders` (indicators/reminders.py, docs/workflow.md): the days before a
# period's closing date on which units with missing values are reminded (0: the closing day);
# the days overdue from which each level is told — the unit's officers, its head, the head
# of the unit above, the planning directorate — and, after the last, every how many days
# they are all told again while values are still missing.
MARSAD_REMINDER_DAYS_BEFORE = [
    int(d) for d in os.environ.get("MARSAD_REMINDER_DAYS_BEFORE", "7,3,1,0").split(",")
]
MARSAD_ESCALATION_DAYS = [
    int(d) for d in os.environ.get("MARSAD_ESCALATION_DAYS", "1,3,7,14").split(",")
]
MARSAD_ESCALATION_REPEAT_DAYS = int(os.environ.get("MARSAD_ESCALATION_REPEAT_DAYS", "7"))
if DEBUG and not os.environ.get("DJANGO_EMAIL_HOST"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
                "username": os.environ.get("DJANGO_EMAIL_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", default=False),
                "timeout": MARSAD_EMAIL_TIMEOUT,
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "marsad@localhost")
# Links in emails point here.
MARSAD_BASE_URL = os.environ.get("MARSAD_BASE_URL", "http://127.0.0.1:8000")
# Evidence files: at most this many bytes each.
MARSAD_EVIDENCE_MAX_BYTES = int(os.environ.get("MARSAD_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))
# Uploaded workbooks (a plan, a quarter's values): a 3,000-indicator plan is a few MB.
MARSAD_WORKBOOK_MAX_BYTES = int(os.environ.get("MARSAD_WORKBOOK_MAX_BYTES", str(20 * 1024 * 1024)))
# Report files are deleted this many days after they were made (manage.py cleanup_reports).
MARSAD_REPORT_FILE_DAYS = int(os.environ.get("MARSAD_REPORT_FILE_DAYS", "7"))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000  # an entry page holds many rows

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous call then answers 401 with a WWW-Authenticate header.
        "config.second_factor_auth.TokenAuthentication",
        "config.second_factor_auth.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["plans.api_base.IsMember"],
    "DEFAULT_PAGINATION_CLASS": "plans.api_base.Pages",
    "DEFAULT_FILTER_BACKENDS": ["config.api_filters.FilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only (form data cannot say null, a list or a boolean); the token endpoint also
    # reads form data (config.tokens).
    "DEFAULT_PARSER_CLASSES": ["config.parsers.BoundedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "config.api_schema.MarsadAutoSchema",
    "EXCEPTION_HANDLER": "config.api_errors.handle_exception",
    "DEFAULT_THROTTLE_RATES": {
        "token": os.environ.get("MARSAD_TOKEN_RATE", "20/min"),
        "writes": os.environ.get("MARSAD_WRITE_RATE", "600/min"),
    },
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Marsad API",
    "DESCRIPTION": "Strategic plans, quarterly progress and achievement scores.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EntryStatusEnum": "indicators.models.ProgressEntry.Status",
        "PlanStatusEnum": "plans.models.StrategicPlan.Status",
        "ScoreStatusEnum": ["green", "amber", "red", "grey"],
        "UnitKindEnum": "plans.models.OrgUnit.Kind",
        "RiskKindEnum": "plans.models.Risk.Kind",
        "RiskStatusEnum": "plans.models.Risk.Status",
        "RiskActionStatusEnum": "plans.models.RiskAction.Status",
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Background work (long reports): run at once by default; with MARSAD_TASKS=database the
# tasks are queued in PostgreSQL and `manage.py db_worker` (one command, on any machine)
# drains them.
if os.environ.get("MARSAD_TASKS", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Logs on stdout: JSON lines in production (a collector parses them), plain text on a DEBUG
# run; one line per request from config.logs.RequestLogMiddleware (MARSAD_REQUEST_LOG=false
# turns it off). MARSAD_LOG_LEVEL is the level of everything else.
MARSAD_LOG_FORMAT = os.environ.get("MARSAD_LOG_FORMAT", "text" if DEBUG else "json")
if MARSAD_LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("MARSAD_LOG_FORMAT is either json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "config.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": MARSAD_LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("MARSAD_LOG_LEVEL", "WARNING")},
    "loggers": {
        "marsad.request": {
            "level": "INFO" if env_bool("MARSAD_REQUEST_LOG", default=True) else "WARNING",
        },
        # Requests are logged once, by marsad.request; Django's own 4xx/5xx lines repeat them
        # (a 500's traceback still comes from django.request at ERROR).
        "django.request": {"level": "ERROR"},
    },
}
