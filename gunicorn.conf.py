"""gunicorn settings, read from the environment like the Django settings.

    gunicorn agency.wsgi            # picks this file up from the working directory

Behind a reverse proxy (docs/deploy.md) gunicorn listens on loopback or a socket;
the proxy buffers slow clients, so plain sync workers are the right model.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8020")
# The classic 2 × cores + 1, capped: each worker holds a database connection.
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request slower than this is stuck: the worker is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so that a slow leak never becomes an outage; the jitter
# keeps them from restarting all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))
# Load the app before forking: workers share its memory and a broken app fails at start.
preload_app = True

# An empty GUNICORN_ACCESS_LOG turns the access log off (load tests, benchmarks).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'

# The proxy in front sets X-Forwarded-Proto; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Worker heartbeat files in RAM, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn's control socket defaults to one path per user: several instances on one
# host (scale-out, tests) would fight over it. Nothing here uses it.
control_socket_disable = True


def pre_fork(server, worker):
    """Move the preloaded app out of the garbage collector's sight before forking.

    Django, the apps and their templates are a few hundred thousand objects that live
    as long as the process: each full collection in a worker would walk them all, and
    touching their reference counts copies pages the workers could share.
    """
    gc.freeze()


def post_fork(server, worker):
    """Never share a database connection opened while preloading across workers."""
    from django.db import connections

    connections.close_all()
