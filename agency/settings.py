"""Settings for the agency blog, read from the environment.

The defaults make `make run` work on a laptop (SQLite, local-memory cache, DEBUG
set by the Makefile). With DEBUG off the production hardening is switched on and
the site refuses to start without a secret key and allowed hosts; `manage.py check
--deploy` then reports nothing. docs/configuration.md lists every variable.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # For Article.search_vector's SearchVectorField; harmless on SQLite.
    "django.contrib.postgres",
    # Old addresses answer 301 (redirects needs sites; one site, SITE_ID below).
    "django.contrib.sites",
    "django.contrib.redirects",
    "taggit",
    "django_prose_editor",
    "simple_history",
    "core",
    "safeguards",
    "influencers",
    "articles",
    "newsletter",
    # The site shell, on top of the apps it wires together.
    "agency",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the query string: too many parameters is a French 400.
    "core.errors.RejectOverlongQueryMiddleware",
    # Outside everything else: a hit is answered from the stored bytes (core/middleware.py).
    "core.middleware.PublicPageCacheMiddleware",
    # HTML compressed on the wire (static files come compressed from whitenoise). BREACH:
    # cached anonymous pages carry no secret; other pages mask their CSRF token per
    # response, and Django pads the gzip header with random bytes (docs/security.md).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Only on a 404: looks up the old address among the redirects (a 301 is not cached).
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    # django-axes wants to be last.
    "axes.middleware.AxesMiddleware",
]

# Staff log in through the admin: an absent or unsafe `next` lands on its home page,
# not on Django's default /accounts/profile/ (a 404 here).
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out client is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "agency.urls"
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
SITE_ID = 1
WSGI_APPLICATION = "agency.wsgi.application"

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
                "django.template.context_processors.csp",
                "agency.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def embedded_caches(folder):
    """Without Redis: SQLite files in `folder` that every gunicorn worker of the machine
    shares (core/sqlite_cache.py), so the page cache is on in the embedded default too.

    Bounded, dropping the oldest entries first; work in progress (a CSV import waiting for
    its confirmation) has a file of its own, so that no flood of pages can push it out.
    """
    return {
        "default": {
            "BACKEND": "core.sqlite_cache.SQLiteCache",
            "LOCATION": str(Path(folder) / "pages.sqlite3"),
            # A full cache drops a tenth of its entries at a time: no long pause.
            "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 10},
        },
        "working": {
            "BACKEND": "core.sqlite_cache.SQLiteCache",
            "LOCATION": str(Path(folder) / "working.sqlite3"),
            "OPTIONS": {"MAX_ENTRIES": 1_000},
        },
    }


REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.25"))
    CACHES = {
        "default": {
            # Django's Redis backend, failing open: a dead Redis is a cache miss, not a 500.
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "agency",
            # Short timeouts: a hung Redis must cost milliseconds, not the request.
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
    # Work in progress (a CSV import waiting for its confirmation) apart from pages.
    CACHES["working"] = {**CACHES["default"], "KEY_PREFIX": "agency-working"}
elif os.environ.get("CACHE_DIR", "") == "memory":
    # One process only (the test run): nothing shared, nothing written to disk.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "working": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "work"},
    }
else:
    CACHES = embedded_caches(os.environ.get("CACHE_DIR") or str(BASE_DIR / "var" / "cache"))

# Anonymous GET pages are cached this many seconds (0: off) under the content version, a
# counter in the database that every content change bumps (core/cache.py, signals.py).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# Each process also keeps the pages it served last in memory, in front of the shared
# cache (core/middleware.py: no stale page, keys carry the version); 0 turns it off.
PAGE_CACHE_RECENT_PAGES = int(os.environ.get("PAGE_CACHE_RECENT_PAGES", "200"))
# Parts of pages (article cards, an article's content, the sitemap) are kept this long
# (0: off) under the same version, for the requests the page cache does not answer:
# a miss, a logged-in editor, another query string.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "3600"))
# What anonymous pages tell browsers and a CDN (Cache-Control, docs/deploy.md): a short
# browser lifetime, a longer one for the CDN (purged on publish), and how long it may
# serve a stale copy while it fetches a fresh one. Capped by the next scheduled publication.
BROWSER_CACHE_SECONDS = int(os.environ.get("BROWSER_CACHE_SECONDS", "60"))
CDN_CACHE_SECONDS = int(os.environ.get("CDN_CACHE_SECONDS", "300"))
CDN_STALE_SECONDS = int(os.environ.get("CDN_STALE_SECONDS", "60"))
# While PostgreSQL does not answer, the last page stored for an address is served up to
# this long after it went stale, by us and by a CDN (`stale-if-error`, docs/deploy.md).
STALE_IF_ERROR_SECONDS = int(os.environ.get("STALE_IF_ERROR_SECONDS", "86400"))

# Sessions live in the database, cached: they survive a Redis restart or outage.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The app serves MEDIA_ROOT itself (core/media.py) in debug and when this is on: the
# production profile on one machine (`make serve`); behind a proxy, the proxy does.
SERVE_MEDIA = env_bool("SERVE_MEDIA")
# Media on S3-compatible object storage when a bucket is configured (django-storages,
# the optional "s3" extra); on the local filesystem otherwise.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SITE_NAME = "L'agence Armstrong"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Follower data: a new count more than this ratio away from the previous one (×3 or ÷3)
# needs an explicit confirmation; accounts not updated for this many days are listed as stale.
FOLLOWER_SUSPICIOUS_RATIO = float(os.environ.get("FOLLOWER_SUSPICIOUS_RATIO", "3"))
FOLLOWER_STALE_AFTER_DAYS = int(os.environ.get("FOLLOWER_STALE_AFTER_DAYS", "30"))
# Charts break their line where no count was recorded for more than this many days, rather
# than draw a straight segment through figures nobody measured; above a monthly rhythm.
FOLLOWER_GAP_DAYS = int(os.environ.get("FOLLOWER_GAP_DAYS", "45"))
# Anomalies (influencers/anomalies.py): a daily change above FACTOR × the median daily
# change of the WINDOW previous snapshots, and above MIN_CHANGE followers and MIN_PERCENT %
# a day, is flagged "à vérifier"; accounts with fewer than MIN_HISTORY snapshots are not judged.
FOLLOWER_ANOMALY_WINDOW = int(os.environ.get("FOLLOWER_ANOMALY_WINDOW", "14"))
FOLLOWER_ANOMALY_FACTOR = float(os.environ.get("FOLLOWER_ANOMALY_FACTOR", "8"))
FOLLOWER_ANOMALY_MIN_CHANGE = int(os.environ.get("FOLLOWER_ANOMALY_MIN_CHANGE", "500"))
FOLLOWER_ANOMALY_MIN_PERCENT = float(os.environ.get("FOLLOWER_ANOMALY_MIN_PERCENT", "1"))
FOLLOWER_ANOMALY_MIN_HISTORY = int(os.environ.get("FOLLOWER_ANOMALY_MIN_HISTORY", "3"))

# Taggit: tag lookups ignore case so "ESA" and "esa" are one tag.
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Email: SMTP configured by the environment (Django 6.1 mailers); the console in debug.
if DEBUG and not os.environ.get("EMAIL_HOST"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(
                    os.environ.get("EMAIL_PORT", "587" if env_bool("EMAIL_USE_TLS") else "25")
                ),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS"),
                "use_ssl": env_bool("EMAIL_USE_SSL"),
                "timeout": 10,
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "L'agence Armstrong <site@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = env_list("ADMINS")

# Newsletter (newsletter/): confirmation links expire; rate limits per hour on the form;
# articles and milestones older than the lookback are never sent (a long cron outage
# must not flood readers with old news).
NEWSLETTER_CONFIRMATION_DAYS = int(os.environ.get("NEWSLETTER_CONFIRMATION_DAYS", "7"))
NEWSLETTER_LOOKBACK_DAYS = int(os.environ.get("NEWSLETTER_LOOKBACK_DAYS", "7"))
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "500"))
NEWSLETTER_LIMIT_PER_ADDRESS = int(os.environ.get("NEWSLETTER_LIMIT_PER_ADDRESS", "3"))
NEWSLETTER_LIMIT_PER_CLIENT = int(os.environ.get("NEWSLETTER_LIMIT_PER_CLIENT", "10"))

# Security headers, on in every profile so that debug shows what production enforces.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy: our own origin only, no inline script or style; a script
# that must be inline carries the per-response nonce ({{ csp_nonce }}).
# Media from another origin (a bucket's domain) is the one exception, for images only.
MEDIA_ORIGINS = []
if MEDIA_URL.startswith("https://"):
    MEDIA_ORIGINS.append("https://" + urlsplit(MEDIA_URL).netloc)
if AWS_STORAGE_BUCKET_NAME and os.environ.get("AWS_S3_CUSTOM_DOMAIN"):
    MEDIA_ORIGINS.append("https://" + os.environ["AWS_S3_CUSTOM_DOMAIN"])
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The one inline <style> the admin's rich-text editor (tiptap in django-prose-editor,
    # pinned in requirements.lock) injects; re-check this hash when upgrading it.
    "style-src": [CSP.SELF, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Login throttling (django-axes): 5 failures for one username from one address lock that
# pair out for a cool-off period, not forever; `manage.py axes_reset` unlocks by hand.
# Attempts are stored in the database, so every app server sees them.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "core.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.throttling.client_ip"
AXES_ALLOWED_CORS_ORIGINS = SITE_URL
# Behind a reverse proxy, the client's address is the one it puts in X-Real-IP.
TRUST_X_REAL_IP = env_bool("TRUST_X_REAL_IP")

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
