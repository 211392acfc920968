"""Production settings: every secret and address comes from the environment.

`dev` and `test` give the variables safe defaults and then import this module,
so a production process that lacks one fails at start with a clear message.
"""

from pathlib import Path

import environ
from corsheaders.defaults import default_headers as default_cors_headers
from django.core.exceptions import ImproperlyConfigured

from config.storage import media_storages
from core.proxies import parse_networks

BACKEND_DIR = Path(__file__).resolve().parents[2]
PROJECT_DIR = BACKEND_DIR.parent

env = environ.Env()

REQUIRED = ("DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS")
_missing = [name for name in REQUIRED if not env.str(name, default="")]
if _missing:
    raise ImproperlyConfigured(
        "Missing required environment variable(s): "
        + ", ".join(_missing)
        + ". See .env.example for what each one means."
    )

SECRET_KEY = env.str("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Where the public frontend lives: page URLs in the API and the sitemap use it.
FRONTEND_BASE_URL = env.str(
    "FRONTEND_BASE_URL", default="http://localhost:5173"
).rstrip("/")
# Where this backend is reached from outside: media and rendition URLs use it.
BACKEND_BASE_URL = env.str("BACKEND_BASE_URL", default="http://127.0.0.1:8000").rstrip(
    "/"
)
WAGTAILADMIN_BASE_URL = BACKEND_BASE_URL
WAGTAIL_SITE_NAME = env.str("WAGTAIL_SITE_NAME", default="International")

PROJECT_APPS = [
    "core",
    "content",
    "grants",
    "membership",
    "syndication",
    "api",
]

INSTALLED_APPS = [
    *PROJECT_APPS,
    "wagtail_headless_preview",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "django_countries",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "core.proxies.TrustedProxyMiddleware",
    "core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "api.middleware.ApiEdgeMiddleware",
    "api.throttles.RateLimitHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.AtomicAdminWritesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BACKEND_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# SQLite (dev, tests, benchmarks) is one file shared by the web server, the
# task worker, the scheduler and shells. Write-ahead logging lets readers run
# beside the one writer; IMMEDIATE takes the write lock when a transaction
# begins, so a transaction that has read never fails to become a writer (SQLite
# raises "database is locked" at once there, whatever the timeout); and the
# busy timeout makes the next writer wait its turn. WAL is kept in the file;
# an in-memory database ignores it. Options in DATABASE_URL win.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One truth across processes (DESIGN.md): the database decides what is
# current; caches only save work. With REDIS_URL the caches are shared;
# without it every process keeps its own `api` cache (still checked against
# the database on every use) and shared state (throttle counters, allauth's
# rate limits) lives in the database: slower, never stale.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        "REDIS_URL must be a redis://, rediss:// or unix:// URL (or unset to "
        "keep shared state in the database); got " + repr(REDIS_URL.split("@")[-1])
    )
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="intl")
if REDIS_URL:
    _redis = {
        "BACKEND": "core.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": CACHE_KEY_PREFIX,
        "TIMEOUT": env.int("CACHE_TIMEOUT", default=3600),
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    CACHES = {
        # While Redis is down, the default cache (allauth's rate limits,
        # throttle counters) is the database's (core.cache).
        "default": {**_redis, "BACKEND": "core.cache.RedisWithFallbackCache"},
        "fallback": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "core_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": env.int("CACHE_TIMEOUT", default=3600),
        },
        "api": {**_redis, "KEY_PREFIX": CACHE_KEY_PREFIX + ":api"},
    }
else:
    CACHES = {
        # Shared by every process through the database (`core` creates the table).
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "core_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": env.int("CACHE_TIMEOUT", default=3600),
        },
        "api": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "intl-api",
            "TIMEOUT": env.int("CACHE_TIMEOUT", default=3600),
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }

# Wagtail's rendition cache is per process and never told when another
# process deletes a rendition; renditions are read with the page's images and
# kept inside stored page representations instead.
CACHES["renditions"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# Database sessions whose keys are checked before any query (core.sessions).
SESSION_ENGINE = "core.sessions"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Content languages: English is the default (unprefixed paths), the others
# are `/fr/...` on the frontend. Until 2026-12 every page was `en-gb`; the
# `core` migration `locale_en_gb_to_en` renames that locale in place.
LANGUAGE_CODE = "en"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
]
WAGTAIL_I18N_ENABLED = True
# Where a page has no published translation in the language asked for, these
# are tried in order, then LANGUAGE_CODE. Arabic readers the association
# works with in the Maghreb read French more often than English.
LOCALE_FALLBACKS: dict[str, list[str]] = {"ar": ["fr"], "es": [], "fr": []}
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(PROJECT_DIR / "var" / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(PROJECT_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Media is served by the app itself (behind a CDN in production) so that a
# frontend can follow every rendition URL the API gives.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="international@example.org")

# Behind a proxy: the addresses (CIDRs, comma-separated) of the proxies and
# load balancers in front of this app. Only their X-Forwarded-For/-Proto/-Host
# count (core.proxies); from anyone else those headers are dropped. Empty:
# the app is reached directly and trusts no forwarded header. gunicorn's
# forwarded_allow_ips reads the same variable.
TRUSTED_PROXIES = [
    str(network) for network in parse_networks(env.str("TRUSTED_PROXIES", default=""))
]
USE_X_FORWARDED_HOST = True
# Security: HTTPS everywhere in production; dev and test relax these.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's preview panel frames the admin's own preview views.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
# Content-Security-Policy of the admin and the API docs (core.csp): origins
# besides MEDIA_URL's that serve images and media the admin shows.
CSP_MEDIA_ORIGINS = env.list("CSP_MEDIA_ORIGINS", default=[])
# Avatars in the admin: no staff email hashes sent to gravatar.com.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Cross-origin frontends send the session cookie with fetch(credentials).
SESSION_COOKIE_SAMESITE = env.str("DJANGO_SESSION_COOKIE_SAMESITE", default="Lax")
CSRF_COOKIE_SAMESITE = env.str("DJANGO_CSRF_COOKIE_SAMESITE", default="Lax")

# CORS: only the API, only listed frontend origins.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[FRONTEND_BASE_URL])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = True
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Retry-After",
    "Location",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
]

# Wagtail
# A moved or renamed page keeps its old address as a redirect (Wagtail's own),
# and so does a deleted one, to its parent (core.wagtail_hooks).
WAGTAILREDIRECTS_AUTO_CREATE = True
# The admin never calls home to wagtail.io (it leaks the admin's address and
# version to a third party); upgrades follow the pins in pyproject.toml.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff only, verified, and throttled with allauth's counters (core.admin_login).
WAGTAILADMIN_USER_LOGIN_FORM = "core.admin_login.StaffLoginForm"
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Document links go through Wagtail's view, which checks the collection's
# privacy before it streams the file; /media/ never serves documents.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Where the Preview button sends editors: a default, and per Wagtail Site
# hostname ("cms.example.org=https://www.example.org/preview,...").
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {
        **env.dict("PREVIEW_CLIENT_URLS", default={}),
        "default": env.str(
            "PREVIEW_CLIENT_URL", default=FRONTEND_BASE_URL + "/preview"
        ),
    },
    "SERVE_BASE_URL": FRONTEND_BASE_URL,
    "REDIRECT_ON_PREVIEW": True,
    "ENFORCE_TRAILING_SLASH": True,
}
# Named image renditions the API may produce (an allow-list: a frontend can
# never ask for an arbitrary resize). `width-*` ones make up an image's
# `srcset`; each `fill-*` one has its own (api.content.images).
API_IMAGE_RENDITIONS = {
    "thumbnail": "fill-400x300",
    "square": "fill-600x600",
    "social": "fill-1200x630",
    "small": "width-480",
    "medium": "width-960",
    "large": "width-1600",
}
API_DEFAULT_RENDITIONS = ["thumbnail", "small", "medium", "large"]
# Each fill rendition's own srcset: the same crop at these multiples of its
# size (never beyond what the original allows). Must include 1.
API_IMAGE_DENSITIES = [0.5, 1, 2]
# Modern formats offered beside the original's, best first (a <picture>
# takes the first <source> the browser supports); empty for none. An AVIF
# costs about five times a WebP to encode (0.52 s against 0.11 s for
# 1600x900 with Pillow 13 here), once per rendition: a new 1600x900 image's
# default set took 0.94 s to render first with both, 0.59 s with `webp`,
# 0.45 s before there were sources.
API_IMAGE_FORMATS = env.list("API_IMAGE_FORMATS", default=["avif", "webp"])
# Rich-text images by the editor's format: the named renditions of their
# srcset, the one for `src` (and width/height), and `sizes` for the layout
# the frontend gives that format.
API_RICHTEXT_IMAGE_FORMATS = {
    "fullwidth": {
        "renditions": ["small", "medium", "large"],
        "src": "medium",
        "sizes": "(min-width: 60rem) 60rem, 100vw",
    },
    "left": {
        "renditions": ["small", "medium"],
        "src": "small",
        "sizes": "(min-width: 60rem) 30rem, 100vw",
    },
    "right": {
        "renditions": ["small", "medium"],
        "src": "small",
        "sizes": "(min-width: 60rem) 30rem, 100vw",
    },
}
API_RESPONSE_CACHE_TIMEOUT = env.int("API_RESPONSE_CACHE_TIMEOUT", default=3600)
# Stored page representations, kept in the database (re-rendered when
# anything they show changes), and how long a copy stays in the `api` cache.
API_STORED_PAGES = env.bool("API_STORED_PAGES", default=True)
API_PAGE_CACHE_TIMEOUT = env.int("API_PAGE_CACHE_TIMEOUT", default=24 * 3600)
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)
# Days the content change log (and so the changes feed) reaches back; a
# cursor older than that is answered 410 and the client starts again.
CHANGES_RETENTION_DAYS = env.int("CHANGES_RETENTION_DAYS", default=90)
API_CACHE_STALE_WHILE_REVALIDATE = env.int(
    "API_CACHE_STALE_WHILE_REVALIDATE", default=600
)
PREVIEW_TOKEN_MAX_AGE = env.int("PREVIEW_TOKEN_MAX_AGE", default=3600)
# An HTTP cache in front (Varnish with xkey; see config/varnish.vcl), purged
# by cache tag from the change log by the task worker after each commit.
CDN_PURGE_BACKEND = env.str("CDN_PURGE_BACKEND", default="")
CDN_PURGE_URLS = env.list("CDN_PURGE_URLS", default=[])
CDN_PURGE_SETTLE_SECONDS = env.float("CDN_PURGE_SETTLE_SECONDS", default=5.0)

# REST framework: one error shape, one pagination, throttles everywhere.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["api.renderers.JSONRenderer"],
    # JSON bodies only (attachment uploads opt into multipart themselves):
    # the contract and the generated clients speak JSON.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.PartnerKeyScope"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttles.AnonBurstThrottle",
        "api.throttles.UserBurstThrottle",
        "api.throttles.PartnerKeyThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="120/min"),
        "user": env.str("THROTTLE_USER", default="600/min"),
        "write": env.str("THROTTLE_WRITE", default="60/min"),
    },
    "EXCEPTION_HANDLER": "api.errors.problem_exception_handler",
    # core.proxies has already put the client's address in REMOTE_ADDR.
    "NUM_PROXIES": 0,
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "International work API",
    "DESCRIPTION": (
        "Content, grants and membership API of the association's international "
        "work. Lists are paginated with `limit` and `offset`; every error is "
        "`application/problem+json`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["api.schema.only_public_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.inline_discriminators",
        "api.schema.nullable_references",
        "api.schema.empty_query_values",
        "api.schema.comma_separated_arrays",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CountryCodeEnum": "api.serializers.COUNTRY_CODES",
        "AwardStatusEnum": "content.models.AwardStatus",
        "StrategyMilestoneEnum": "content.models.StrategyMilestone",
        "CapacityEnum": "content.models.Capacity",
        "EventKindEnum": "content.models.EventKind",
        "OfferKindEnum": "content.models.OfferKind",
        "PageAccessEnum": [("public", "public"), ("members", "members")],
        "ImageSourceTypeEnum": "api.content.images.SOURCE_TYPE_CHOICES",
        # Its name from before another `type` enum (images' sources) came.
        "TypeEnum": "grants.models.OrganisationType",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # api.converters: ids in URLs are positive and fit a bigint.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}
    },
    "SERVERS": [{"url": BACKEND_BASE_URL}],
    # Our own areas, in the order the docs show them (allauth's follow).
    "TAGS": [
        {"name": "meta", "description": "The API root."},
        {"name": "pages", "description": "Published pages, by id, path or query."},
        {"name": "images", "description": "Images and their renditions."},
        {"name": "site", "description": "Navigation, settings, sitemap, redirects."},
        {"name": "syndication", "description": "The changes feed for partners."},
        {"name": "grants", "description": "Schemes, rounds, awards, applications."},
        {"name": "membership", "description": "Membership types and joining."},
        {"name": "me", "description": "The signed-in person's own data."},
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

# Periodic jobs enqueued by `manage.py run_scheduler` (name -> seconds).
SCHEDULED_TASKS: dict[str, int] = {
    "api.tasks.prune_idempotency_records": 3600,
    "api.tasks.prune_rate_counters": 600,
    "syndication.tasks.prune_content_changes": 24 * 3600,
    "content.tasks.publish_scheduled_pages": 60,
    "content.tasks.prune_page_previews": 3600,
    "syndication.tasks.send_due_webhooks": 60,
    "syndication.tasks.purge_cdn_sweep": 30,
}

# Webhooks (see syndication/webhooks.py). Loopback and private addresses are
# refused, at save and again at send time, unless this allows them (tests).
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env.bool(
    "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", default=False
)
# Plain http:// endpoints: never in production.
WEBHOOKS_ALLOW_HTTP = env.bool("WEBHOOKS_ALLOW_HTTP", default=False)
# How long the old secret keeps signing after a rotation.
WEBHOOKS_ROTATION_GRACE_SECONDS = env.int(
    "WEBHOOKS_ROTATION_GRACE_SECONDS", default=24 * 3600
)
# A worker sending a delivery holds it this long (over the 10 s timeout); if
# it dies, the delivery is sent again, with the same webhook-id, after it.
WEBHOOKS_LEASE_SECONDS = env.int("WEBHOOKS_LEASE_SECONDS", default=120)
# An endpoint is disabled, and its owner emailed, after this many deliveries
# in a row failed every attempt, or once every attempt has failed this long.
WEBHOOKS_DISABLE_AFTER_FAILED_DELIVERIES = env.int(
    "WEBHOOKS_DISABLE_AFTER_FAILED_DELIVERIES", default=3
)
WEBHOOKS_DISABLE_AFTER_FAILING_SECONDS = env.int(
    "WEBHOOKS_DISABLE_AFTER_FAILING_SECONDS", default=24 * 3600
)

# Names under the `api` namespace that the API root links to.
API_ROOT_LINKS = [
    "schema",
    "docs",
    "redoc",
    "pages",
    "pages-resolve",
    "navigation",
    "site",
    "sitemap",
    "redirects",
    "changes",
    "membership-types",
]

# --- Accounts and membership (django-allauth, headless) ---------------------------
# Sign-up, sign-in, email verification and password reset are allauth's
# headless API under /api/v1/auth/ (so CORS applies): a browser frontend
# uses the session cookie + X-CSRFToken, an app uses X-Session-Token.
INSTALLED_APPS += ["allauth", "allauth.account", "allauth.headless"]
MIDDLEWARE += ["allauth.account.middleware.AccountMiddleware"]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "membership.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = env.str("ACCOUNT_EMAIL_SUBJECT_PREFIX", default="")
ACCOUNT_RATE_LIMITS = {
    "login": env.str("ACCOUNT_RATE_LIMIT_LOGIN", default="30/m/ip"),
    "login_failed": env.str(
        "ACCOUNT_RATE_LIMIT_LOGIN_FAILED", default="10/m/ip,5/5m/key"
    ),
    "reset_password": env.str(
        "ACCOUNT_RATE_LIMIT_RESET_PASSWORD", default="20/m/ip,5/m/key"
    ),
    "signup": env.str("ACCOUNT_RATE_LIMIT_SIGNUP", default="20/m/ip"),
}
HEADLESS_ONLY = True
HEADLESS_CLIENTS = ("browser", "app")
# allauth only builds its OpenAPI document when its URLs are mounted; the
# document is merged into ours (api.schema.merge_allauth_spec), no HTML page.
HEADLESS_SERVE_SPECIFICATION = True
HEADLESS_SPECIFICATION_TEMPLATE_NAME = None
# Links in account emails point at the frontend, which calls the API.
HEADLESS_FRONTEND_URLS = {
    "account_confirm_email": FRONTEND_BASE_URL + "/account/verify-email/{key}",
    "account_reset_password": FRONTEND_BASE_URL + "/account/password/reset",
    "account_reset_password_from_key": FRONTEND_BASE_URL
    + "/account/password/reset/key/{key}",
    "account_signup": FRONTEND_BASE_URL + "/account/signup",
}
# The token class comes first: its WWW-Authenticate header makes an anonymous
# call to a protected endpoint a 401 (not a 403), so clients know to sign in.
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "api.authentication.SessionTokenAuthentication",
    *REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"],
    "api.authentication.PartnerKeyAuthentication",
]
# A failed CSRF check under /api/ is a 403 problem, not Django's HTML page.
CSRF_FAILURE_VIEW = "api.errors.csrf_failure"
# A frontend allowed to call the API with credentials may also POST with the
# session cookie (Django checks the Origin header against this list).
CSRF_TRUSTED_ORIGINS = [
    *CSRF_TRUSTED_ORIGINS,
    *(o for o in CORS_ALLOWED_ORIGINS if o not in CSRF_TRUSTED_ORIGINS),
]
# Frontend and API on sibling hosts share cookies through the parent domain
# (".example.org"), so the frontend can read the CSRF cookie.
SESSION_COOKIE_DOMAIN = env.str("DJANGO_SESSION_COOKIE_DOMAIN", default="") or None
CSRF_COOKIE_DOMAIN = env.str("DJANGO_CSRF_COOKIE_DOMAIN", default="") or None
CORS_ALLOW_HEADERS = (
    *default_cors_headers,
    "idempotency-key",
    "x-session-token",
    # Conditional requests: a browser frontend revalidates what it has.
    "if-none-match",
    "if-modified-since",
)
MEMBERS_GROUP_NAME = env.str("MEMBERS_GROUP_NAME", default="Members")
SCHEDULED_TASKS["membership.tasks.refresh_membership_statuses"] = 24 * 3600
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"] = [
    *SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"],
    "api.schema.merge_allauth_spec",
    "api.schema.operation_summaries",
]
# Grants: attachments live outside MEDIA_ROOT and are only served through the
# API after an ownership check; awarded grants are published as 360Giving data.
PRIVATE_MEDIA_ROOT = env.str(
    "PRIVATE_MEDIA_ROOT", default=str(PROJECT_DIR / "var" / "private")
)
GRANTS_ATTACHMENT_MAX_BYTES = env.int(
    "GRANTS_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024
)
GRANTS_360G_PREFIX = env.str("GRANTS_360G_PREFIX", default="examplelibassoc")
GRANTS_PUBLISHER_NAME = env.str(
    "GRANTS_PUBLISHER_NAME", default="Library and Information Association"
)
GRANTS_PUBLISHER_ID = env.str("GRANTS_PUBLISHER_ID", default="")
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "GrantRoundStatusEnum": "grants.status.RoundStatus",
        "GrantApplicationStatusEnum": "grants.workflow.ApplicationStatus",
        "GrantSchemeKindEnum": "grants.models.SchemeKind",
        "CurrencyEnum": "core.choices.Currency",
    }
)

# --- Operations (issue 18): storage, mail, metrics, logs, errors -----------------
# Media: the local filesystem unless AWS_STORAGE_BUCKET_NAME names a bucket on
# any S3-compatible store (AWS, MinIO, Ceph, R2...). Grant attachments never
# share the public media's location: PRIVATE_STORAGE_BUCKET_NAME (or a private
# prefix of the media bucket), objects written with a private ACL, no public
# URL; the API streams them after its permission check.
STORAGES.update(media_storages(env, private_root=PRIVATE_MEDIA_ROOT))

# Mail: one URL, e.g. smtp+tls://user:pass@smtp.example.org:587 (STARTTLS) or
# smtp+ssl://...:465 (implicit TLS); `?timeout=10` too. django-environ parses
# it; EMAIL_URL wins over the EMAIL_* variables above. Sent by the task
# worker, retried EMAIL_RETRIES times with growing delays.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
EMAIL_RETRIES = env.int("EMAIL_RETRIES", default=5)
EMAIL_RETRY_BASE_SECONDS = env.int("EMAIL_RETRY_BASE_SECONDS", default=30)

# Frontend pages that emails link to ({id}: the grant application's id).
FRONTEND_APPLICATION_URL = env.str(
    "FRONTEND_APPLICATION_URL", default=FRONTEND_BASE_URL + "/grants/applications/{id}"
)
FRONTEND_MEMBERSHIP_URL = env.str(
    "FRONTEND_MEMBERSHIP_URL", default=FRONTEND_BASE_URL + "/account/membership"
)

# Prometheus: /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`
# (404 without the token set). Several gunicorn workers share counters through
# prometheus_client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR, set by
# config/gunicorn.conf.py); queue and webhook gauges are read from the database.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# Readiness: /readyz fails when a task has waited longer than this (seconds)
# for the worker (scheduled publishing, indexing and mail depend on it).
READYZ_TASK_WAIT_SECONDS = env.int("READYZ_TASK_WAIT_SECONDS", default=300)

# Logs: one JSON object a line (LOG_FORMAT=json, the production default) with
# the request id; `plain` for people reading a terminal.
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING["filters"] = {"request_id": {"()": "core.observability.RequestIdFilter"}}
LOGGING["formatters"]["json"] = {"()": "core.observability.JsonFormatter"}
LOGGING["handlers"]["console"]["formatter"] = (
    "json" if LOG_FORMAT == "json" else "plain"
)
LOGGING["handlers"]["console"]["filters"] = ["request_id"]
LOGGING["formatters"]["plain"]["format"] = (
    "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
)
LOGGING["loggers"]["intl.request"] = {"level": "INFO"}
# First: the request id, timing and metrics cover everything after it.
MIDDLEWARE.insert(0, "core.observability.RequestObservabilityMiddleware")

# Errors: Sentry only when SENTRY_DSN is set (off by default).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
        integrations=[DjangoIntegration()],
    )
