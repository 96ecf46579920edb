"""Settings for every environment, read from environment variables.

With nothing set the product runs on its embedded default: SQLite, a local-memory cache,
e-mail printed to the console, Celery tasks run in-process and no Elasticsearch.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from .env import ConfigurationError, env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if env_bool("TKI_OFFLINE_COMMAND"):
        # An offline command (manage.py rank_offline) signs nothing that outlives it.
        import secrets

        SECRET_KEY = secrets.token_urlsafe(50)
    elif not DEBUG:
        raise ConfigurationError(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DJANGO_DEBUG is off."
        )
    else:
        SECRET_KEY = "insecure-development-key-only-for-DJANGO_DEBUG-1"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The name allauth's e-mails greet with ("Hello from ..."); there is no sites framework.
SITE_NAME = env_str("SITE_NAME", "TKI-silta")

INSTALLED_APPS = [
    # First, so that its `changepassword` (which also ends API tokens) replaces Django's.
    "accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_celery_beat",
    "core",
    "taxonomy",
    "companies",
    "services",
    "search",
    "notifications",
    "matchmaking",
    "funding",
    "imports",
    "privacy",
    "insights",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.RejectNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # request.htmx: the board answers "show more" with just the next cards.
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.CoordinatorTwoFactorMiddleware",
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
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            # Persistent connections (seconds; 0 closes each after its request), checked
            # before reuse so that a restarted PostgreSQL costs no failed request.
            conn_max_age=env_int("DB_CONN_MAX_AGE", 600),
            conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
        )
    }
    # PostgreSQL plans a page's query in more time than it runs it: a list joins its
    # table to six or seven small lookup tables, and with the default limit of 8 the
    # planner tries every join order (about 10 ms of planning for 0.2 ms of execution
    # on the service directory). Django writes the listed table first and its lookups
    # after it, which is already the order worth running; a limit of 4 keeps reordering
    # within small groups (1 ms). 0 leaves PostgreSQL's default.
    JOIN_COLLAPSE_LIMIT = env_int("DB_JOIN_COLLAPSE_LIMIT", 4)
    if JOIN_COLLAPSE_LIMIT and DATABASES["default"]["ENGINE"].endswith("postgresql"):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = (
            f"{options.get('options', '')} -c join_collapse_limit={JOIN_COLLAPSE_LIMIT}"
            f" -c from_collapse_limit={JOIN_COLLAPSE_LIMIT}"
        ).strip()
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "db.sqlite3"),
            # Writes from the web process and the in-process task runner share one file.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery -----------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
CACHE_TIMEOUT_SECONDS = float(env_str("CACHE_TIMEOUT_SECONDS", "1.0"))


def redis_cache(url: str, key_prefix: str) -> dict[str, object]:
    """The cache holds only rate-limit counters: it fails open, and fails fast."""
    return {
        "BACKEND": "core.cache.FailOpenRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
            "socket_timeout": CACHE_TIMEOUT_SECONDS,
        },
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL, env_str("CACHE_KEY_PREFIX", "tki"))}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "memory://localhost//")
CELERY_RESULT_BACKEND = None
# Without a broker the embedded default runs each task in-process right after commit.
CELERY_TASK_ALWAYS_EAGER = env_bool(
    "CELERY_TASK_ALWAYS_EAGER", not (REDIS_URL or env_str("CELERY_BROKER_URL"))
)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
# Longer than any countdown or retry backoff we use, so a delayed task is not redelivered early.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 2 * 3600),
    # How often a worker looks for messages a dead worker took and never acknowledged.
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": env_int("CELERY_UNACKED_RESTORE_THROTTLE", 10),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# Separate queues, so that an e-mail backlog never delays proposals and a refit's chunks
# never delay e-mail: a worker consumes all three (`-Q` WORKER_QUEUES), or each queue gets
# its own workers as the region grows.
MATCHING_QUEUE = env_str("CELERY_MATCHING_QUEUE", "matching")
EMAIL_QUEUE = env_str("CELERY_EMAIL_QUEUE", "email")
WORKER_QUEUES = ",".join((CELERY_TASK_DEFAULT_QUEUE, MATCHING_QUEUE, EMAIL_QUEUE))


def celery_task_routes(matching: str, email: str) -> dict[str, dict[str, str]]:
    """Which queue each task goes to; anything not named here goes to the default queue."""
    return {
        "matchmaking.tasks.refit_engine": {"queue": matching},
        "matchmaking.tasks.match_needs_chunk": {"queue": matching},
        "matchmaking.tasks.match_need": {"queue": matching},
        "matchmaking.tasks.match_service": {"queue": matching},
        "notifications.tasks.*": {"queue": email},
    }


CELERY_TASK_ROUTES = celery_task_routes(MATCHING_QUEUE, EMAIL_QUEUE)
CELERY_TIMEZONE = "Europe/Helsinki"
# The situational picture (insights/): a need with no introduction this many days after
# publication is a gap; the signed link of an impact form is valid this many days.
INSIGHTS_INTRODUCTION_DAYS = env_int("INSIGHTS_INTRODUCTION_DAYS", 30)
INSIGHTS_IMPACT_LINK_DAYS = env_int("INSIGHTS_IMPACT_LINK_DAYS", 60)

CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "privacy-inactive-accounts-daily": {
        "task": "privacy.tasks.inactive_accounts",
        "schedule": crontab(hour=4, minute=30),
        "options": {"expires": 6 * 3600},
    },
    "matchmaking-refit-nightly": {
        "task": "matchmaking.tasks.refit_engine",
        "schedule": crontab(hour=3, minute=15),
        "options": {"expires": 6 * 3600},
    },
    "notifications-sweep-outbox": {
        "task": "notifications.tasks.sweep_outbox",
        "schedule": 300.0,
        "options": {"expires": 240},
    },
    "search-send-index-updates": {
        "task": "search.tasks.send_index_updates",
        "schedule": 60.0,
        "options": {"expires": 50},
    },
    "companies-need-reminders": {
        "task": "companies.tasks.send_need_reminders",
        "schedule": crontab(hour=8, minute=0),
        "options": {"expires": 6 * 3600},
    },
    "matchmaking-follow-up-reminders": {
        "task": "matchmaking.tasks.send_follow_up_reminders",
        "schedule": crontab(hour=8, minute=0),
        "options": {"expires": 6 * 3600},
    },
    "search-weekly-digest": {
        "task": "search.tasks.send_weekly_digest",
        "schedule": crontab(hour=7, minute=0, day_of_week=1),
        "options": {"expires": 12 * 3600},
    },
    "notifications-daily-digests": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=30),
        "options": {"expires": 6 * 3600},
    },
    "insights-ask-introduction-ratings": {
        "task": "insights.tasks.ask_introduction_ratings",
        "schedule": crontab(hour=9, minute=0),
        "options": {"expires": 6 * 3600},
    },
    "insights-schedule-impact-follow-ups": {
        "task": "insights.tasks.schedule_impact_follow_ups",
        "schedule": crontab(hour=9, minute=15),
        "options": {"expires": 6 * 3600},
    },
    "notifications-weekly-digests": {
        "task": "notifications.tasks.send_weekly_digests",
        "schedule": crontab(hour=7, minute=15, day_of_week=1),
        "options": {"expires": 12 * 3600},
    },
    "funding-call-reminders": {
        "task": "funding.tasks.send_call_reminders",
        "schedule": crontab(hour=8, minute=30),
        "options": {"expires": 6 * 3600},
    },
    "imports-purge-old-files": {
        "task": "imports.tasks.purge_old_files",
        "schedule": crontab(hour=4, minute=45),
        "options": {"expires": 6 * 3600},
    },
    "companies-expire-needs": {
        "task": "companies.tasks.expire_overdue_needs",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
}

# --- Funding ---------------------------------------------------------------------------
# Companies and coordinators hear of a call that may fit their needs this many days ahead.
FUNDING_CALL_REMINDER_DAYS = env_int("FUNDING_CALL_REMINDER_DAYS", 14)

ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
# The Finnish Patent and Registration Office's open data (YTJ); "" turns the lookup off.
PRH_API_URL = env_str("PRH_API_URL", "https://avoindata.prh.fi/opendata-ytj-api/v3").rstrip("/")
PRH_API_TIMEOUT = env_int("PRH_API_TIMEOUT", 5)
PRH_CACHE_SECONDS = env_int("PRH_CACHE_SECONDS", 24 * 3600)
# Retention: accounts unused this long are warned, and removed this long after the warning.
PRIVACY_INACTIVE_DAYS = env_int("PRIVACY_INACTIVE_DAYS", 3 * 365)
PRIVACY_GRACE_DAYS = env_int("PRIVACY_GRACE_DAYS", 30)
# Uploaded import files (contact lists) are emptied this long after their import finished.
IMPORT_FILE_RETENTION_DAYS = env_int("IMPORT_FILE_RETENTION_DAYS", 90)
ELASTICSEARCH_TIMEOUT = env_int("ELASTICSEARCH_TIMEOUT", 5)
SEARCH_INDEX_ALIAS = env_str("SEARCH_INDEX_ALIAS", "tki-search")
SEARCH_BULK_RETRIES = env_int("SEARCH_BULK_RETRIES", 5)
SEARCH_BULK_BACKOFF = float(env_str("SEARCH_BULK_BACKOFF", "1.0"))
# Autocomplete asks on every keystroke: it gives up sooner than a search.
SEARCH_SUGGEST_TIMEOUT = float(env_str("SEARCH_SUGGEST_TIMEOUT", "0.5"))
# After this many consecutive failures, search skips Elasticsearch for the cool-down (s).
SEARCH_BREAKER_FAILURES = env_int("SEARCH_BREAKER_FAILURES", 3)
SEARCH_BREAKER_COOLDOWN = float(env_str("SEARCH_BREAKER_COOLDOWN", "30"))
# Which search answers (README "Search"): empty means Elasticsearch when ELASTICSEARCH_URL
# is set, else PostgreSQL's full-text search when the database is PostgreSQL, else the
# embedded in-process index (SQLite). SEARCH_BACKEND may name one of them explicitly.
SEARCH_BACKEND = env_str("SEARCH_BACKEND", "")
if SEARCH_BACKEND not in ("", "elasticsearch", "postgresql", "embedded"):
    raise ConfigurationError(
        f"SEARCH_BACKEND must be elasticsearch, postgresql or embedded, got {SEARCH_BACKEND!r}"
    )
if SEARCH_BACKEND == "elasticsearch" and not ELASTICSEARCH_URL:
    raise ConfigurationError("SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL.")
if SEARCH_BACKEND == "postgresql" and (
    DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
):
    raise ConfigurationError("SEARCH_BACKEND=postgresql needs a PostgreSQL DATABASE_URL.")

# --- Matching ------------------------------------------------------------------------
MATCHING_MODEL_DIR = Path(env_str("MATCHING_MODEL_DIR", str(VAR_DIR / "models")))
MATCHING_TOP_K = env_int("MATCHING_TOP_K", 10)
# Proposals below this score are not stored; coordinators filter above their own threshold.
MATCHING_MIN_SCORE = float(env_str("MATCHING_MIN_SCORE", "0.05"))
# Needs per re-match task: a refit queues one task per chunk, shared by every worker.
MATCHING_CHUNK_SIZE = env_int("MATCHING_CHUNK_SIZE", 500)

# --- Authentication -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "landing"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# Login failures are counted in the cache: Redis whenever REDIS_URL is set.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/300s/key"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# How many reverse proxies in front of the app append to X-Forwarded-For. 0 (the default)
# trusts no header: rate limits and throttles count REMOTE_ADDR, which no client can forge.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("en", _("English"))]
CONTENT_LANGUAGES = [("fi", _("Finnish")), ("en", _("English")), ("sv", _("Swedish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Hashed file names (the manifest storage, production) are cached for ten years as
# immutable by WhiteNoise itself; this is for the few unhashed ones (favicon.ico, say).
WHITENOISE_MAX_AGE = env_int("STATIC_MAX_AGE", 0 if DEBUG else 3600)

# --- E-mail ---------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "TKI-silta <noreply@tki-silta.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the accessibility statement asks people to report barriers (the law requires a way).
ACCESSIBILITY_FEEDBACK_EMAIL = env_str(
    "ACCESSIBILITY_FEEDBACK_EMAIL", "saavutettavuus@tki-silta.example"
)
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

# --- REST API -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated call gets 401 with WWW-Authenticate: Token.
        # Both refuse coordinators and staff who have not activated TOTP.
        "accounts.api_auth.TokenAuthentication",
        "accounts.api_auth.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/minute"),
        "user": env_str("API_THROTTLE_USER", "600/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "TKI-silta API",
    "DESCRIPTION": "Organisations, development needs, R&D services and taxonomies.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "NeedStatusEnum": "companies.models.NeedStatus",
        "ServiceStatusEnum": "services.models.ServiceStatus",
        "ContentLanguageEnum": "taxonomy.models.ContentLanguage",
        "CloseReasonEnum": "companies.models.CloseReason",
        "PartyAnswerEnum": "matchmaking.models.PartyAnswer",
        "MatchStageEnum": "matchmaking.models.MatchStage",
        "DeclineReasonEnum": "matchmaking.models.DeclineReason",
        "MatchEventKindEnum": "matchmaking.models.MatchEventKind",
        "OrganisationKindEnum": "accounts.models.OrganisationKind",
        "SmeSizeEnum": "accounts.models.SmeSize",
    },
}

# --- Security -------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Nothing inline and nothing from elsewhere (core.middleware). data: images are the
# TOTP QR code of allauth's setup page.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"personal_data": {"()": "core.logging.RedactPersonalData"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # One line per task is noise in the embedded default, where tasks run in-process.
    "loggers": {"celery.app.trace": {"level": env_str("CELERY_TRACE_LOG_LEVEL", "WARNING")}},
}

# --- Product rules --------------------------------------------------------------------
INVITATION_MAX_AGE_DAYS = env_int("INVITATION_MAX_AGE_DAYS", 14)
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 6)
# A claim older than the hard task time limit belongs to a worker that died mid-send.
EMAIL_CLAIM_TIMEOUT = env_int("EMAIL_CLAIM_TIMEOUT", CELERY_TASK_TIME_LIMIT + 60)
NEED_STALLED_DAYS = env_int("NEED_STALLED_DAYS", 30)
NEED_EXPIRY_WARNING_DAYS = env_int("NEED_EXPIRY_WARNING_DAYS", 7)
