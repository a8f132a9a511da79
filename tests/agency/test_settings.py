"""The settings module: production is hardened, misconfiguration refuses to start.

Each case loads the settings in a fresh interpreter with its own environment,
the way gunicorn or manage.py would on a server.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40,
    "ALLOWED_HOSTS": "blog.agence-armstrong.fr",
    "EMAIL_HOST": "smtp.agence-armstrong.fr",
    "EMAIL_PORT": "587",
    "EMAIL_USE_TLS": "1",
    "EMAIL_HOST_USER": "site",
    "EMAIL_HOST_PASSWORD": "secret",
    "DEFAULT_FROM_EMAIL": "Agence Armstrong <site@agence-armstrong.fr>",
}
# Set by the test run itself (pytest-env, the browser tests' async-unsafe switch): no part
# of a production server's environment.
NOT_FROM_THE_TEST_RUN = {"SECURE_SSL_REDIRECT", "REDIS_URL", "DATABASE_URL", "PAGE_CACHE_SECONDS",
                         "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_DIR"}  # fmt: skip
READ_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name, None) for name in %r}, default=str))
"""


def environment(**overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in NOT_FROM_THE_TEST_RUN and not key.startswith(("EMAIL_", "AWS_"))
    }
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="agency.settings")
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args, **overrides):
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=environment(**overrides),
        capture_output=True,
        text=True,
        timeout=60,
    )


def read_settings(*names, **overrides):
    result = run(["-c", READ_SETTINGS % (names,)], **overrides)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing_in_production():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    result = run(["manage.py", "check"], **{missing: None})
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in result.stderr


def test_production_cookies_and_transport_are_https_only():
    values = read_settings(
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_ENGINE",
    )
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
    }


def test_mail_goes_through_the_configured_smtp_server():
    values = read_settings("MAILERS", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL")
    mailer = values["MAILERS"]["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"]["host"] == "smtp.agence-armstrong.fr"
    assert mailer["OPTIONS"]["port"] == 587
    assert mailer["OPTIONS"]["use_tls"] is True
    assert values["SERVER_EMAIL"] == "Agence Armstrong <site@agence-armstrong.fr>"


def test_debug_without_smtp_prints_mail_to_the_console():
    values = read_settings("MAILERS", DEBUG="1", EMAIL_HOST=None)
    assert values["MAILERS"]["default"]["BACKEND"].endswith("console.EmailBackend")


def test_redis_url_switches_to_the_shared_fail_open_cache():
    values = read_settings("CACHES", "PAGE_CACHE_SECONDS", REDIS_URL="redis://10.0.0.5:6379/1")
    cache = values["CACHES"]["default"]
    assert cache["BACKEND"] == "core.cache.FailOpenRedisCache"
    assert cache["LOCATION"] == "redis://10.0.0.5:6379/1"
    assert cache["OPTIONS"]["socket_timeout"] <= 0.5
    assert values["PAGE_CACHE_SECONDS"] > 0


def test_without_redis_pages_are_cached_in_files_every_worker_shares():
    values = read_settings("CACHES", "PAGE_CACHE_SECONDS")
    assert values["CACHES"]["default"]["BACKEND"] == "core.sqlite_cache.SQLiteCache"
    assert values["CACHES"]["default"]["LOCATION"].endswith("var/cache/pages.sqlite3")
    assert values["CACHES"]["working"]["LOCATION"].endswith("var/cache/working.sqlite3")
    assert values["PAGE_CACHE_SECONDS"] > 0


def test_a_bucket_moves_media_to_object_storage_and_allows_its_images():
    values = read_settings(
        "STORAGES",
        "SECURE_CSP",
        AWS_STORAGE_BUCKET_NAME="armstrong-media",
        AWS_S3_CUSTOM_DOMAIN="media.agence-armstrong.fr",
    )
    media = values["STORAGES"]["default"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == "armstrong-media"
    assert values["SECURE_CSP"]["img-src"][-1] == "https://media.agence-armstrong.fr"
    assert values["SECURE_CSP"]["script-src"] == ["'self'", "<CSP_NONCE_SENTINEL>"]
