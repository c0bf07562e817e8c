"""Settings for the NTM Portal: one module, production differs only through environment variables.

See .env.example for every variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "simple_history",
    "import_export",
    "django_prose_editor",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ntmportal",
    "programs",
    "news",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ntmportal.security.NulPathMiddleware",
    # CORS headers on the API's answers, stored ones too (above the page cache).
    "corsheaders.middleware.CorsMiddleware",
    "ntmportal.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous reads from the replica, when there is one (ntmportal/routers.py).
    "ntmportal.routers.ReplicaMiddleware",
    # Whole responses for anonymous reads: a hit skips everything below (docs/caching.md).
    "ntmportal.pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "ntmportal.security.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it answers a locked-out login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ntmportal.urls"
WSGI_APPLICATION = "ntmportal.wsgi.application"

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
                "ntmportal.context_processors.site_settings",
            ],
        },
    },
]

# Database: a SQLite file in the project folder unless DATABASE_URL says otherwise. Production
# keeps connections open between requests, checked before reuse.
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", 0 if DEBUG else 60))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=CONN_MAX_AGE,
        conn_health_checks=True,
    )
}
# Optional: a read replica for the reads of anonymous visitors (ntmportal/routers.py). In tests
# it mirrors the primary's test database.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=CONN_MAX_AGE, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["ntmportal.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Sessions (the admin's) in the database, read through the cache: nothing lives on one host.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Cache: Redis when REDIS_URL is set, local memory otherwise. A Redis outage is logged and acts
# as a cache miss (ntmportal/pagecache/redis.py); short timeouts keep an unreachable host from
# hanging pages.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "ntmportal.pagecache.redis.FaultTolerantRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "ntmportal",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Where the admin lives (ntmportal/urls.py); the page cache never keeps anything under it.
ADMIN_URL = "admin/"
# Seconds the page cache keeps an anonymous page or API read (docs/caching.md); 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# Security: everything on when DEBUG is off; DEBUG relaxes what plain-HTTP local work needs.
# `manage.py check --deploy` passes without warnings (tests/test_security.py).
# SECURE_SSL_REDIRECT=false serves a local production-like run over plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers check the hosts' health over plain HTTP (docs/deploy.md).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind a load balancer that ends TLS: the header it sets, and its value for HTTPS,
# e.g. "HTTP_X_FORWARDED_PROTO,https".
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = tuple(env_list("SECURE_PROXY_SSL_HEADER"))
# The proxies in front of the hosts whose X-Forwarded-For hops are believed: their number (e.g. 1
# for the load balancer alone), or their addresses and networks ("10.0.0.0/8,192.0.2.7"). Unset,
# the header is ignored. ntmportal.security.client_ip reads it for every per-visitor limit.
TRUSTED_PROXIES = (
    int(os.environ["TRUSTED_PROXIES"])
    if os.environ.get("TRUSTED_PROXIES", "").strip().isdigit()
    else env_list("TRUSTED_PROXIES")
)
# Content-Security-Policy (ntmportal/security.py, the shape of Django 6's setting): scripts and
# styles from /static/. Inline style attributes only, for the width of progress bars; never inline
# scripts. The admin and the API viewers widen it a little (security.admin_policy, api_urls.py).
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# After 5 failed logins a username is locked out from that address for 15 minutes (django-axes).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ntmportal.security.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Vietnamese first, English as the second language.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# 6.084 in Vietnamese, 6,084 in English; ntmportal/formats adds what Django's vi locale lacks.
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["ntmportal.formats"]

MODELTRANSLATION_DEFAULT_LANGUAGE = "vi"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("vi",)

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
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
# Optional: uploaded media in an S3-compatible object store (django-storages), so that every
# host sees every file. Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # A CDN or public host name for the files' addresses, e.g. media.ntm.example.gov.vn.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Published images are public: plain addresses, which a CDN can cache.
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# The API (docs/api.md): anyone reads, users with the model permission write.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous write is answered 401 with `WWW-Authenticate: Token`.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"
    ],
    # The base viewsets of ntmportal/api.py refine these two (a capped `page_size`, Vietnamese
    # order); they cannot be named here, as DRF imports these settings while importing itself.
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["ntmportal.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "2000/hour")},
    "DEFAULT_SCHEMA_CLASS": "ntmportal.schema.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
}
# Other sites' pages may read the API's open data (django-cors-headers): anonymous GETs only, as
# neither cookies nor an Authorization header are allowed across sites.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = [
    "Content-Disposition",
    "ETag",
    "Last-Modified",
    "Link",
    "RateLimit-Limit",
    "RateLimit-Policy",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Retry-After",
    "X-Max-Page-Size",
    "X-Total-Count",
]
# The licence of the API's data and whom to write to, in the schema and on the API's root.
API_LICENSE = {
    "name": os.environ.get("API_LICENSE_NAME", "CC BY 4.0"),
    "url": os.environ.get("API_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"),
}
API_CONTACT = {
    "name": os.environ.get("API_CONTACT_NAME", "NTM Portal editors"),
    **({"email": os.environ["API_CONTACT_EMAIL"]} if os.environ.get("API_CONTACT_EMAIL") else {}),
}
SPECTACULAR_SETTINGS = {
    "LICENSE": API_LICENSE,
    "CONTACT": API_CONTACT,
    "TITLE": "NTM Portal API",
    "DESCRIPTION": (
        "Open data on Vietnam's National Target Programs: programs, documents, administrative "
        "units, indicators and their published figures, targets, conferences, emulation "
        "movements and awards. Reading is open to all; writing needs a token of a user with "
        "the model permission."
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ntmportal.schema.fields_are_optional",
        "ntmportal.schema.csv_is_text",
        "ntmportal.schema.error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {"UnitLevelEnum": "programs.models.AdministrativeUnit.Level"},
}

# Spreadsheet imports (programs/resources.py): a file is written whole or not at all.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Background jobs (the spreadsheet imports, programs/tasks.py) wait in the database, which every
# host reads, until a worker (`manage.py db_worker`, docs/deploy.md) runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
