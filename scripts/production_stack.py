"""A throwaway production stack on loopback, for the load, fault and benchmark scripts.

gunicorn on the production profile (DEBUG off, compressed static files, shared
Redis cache) over a PostgreSQL database loaded with the demo content. Everything
it starts binds 127.0.0.1 and is stopped on exit; databases are named
`agency_prod_*` so that they never collide with a developer's.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")
SUPERUSER = ("charge", "mot-de-passe-de-charge")

# Pages a reader visits, from the demo content: (label, path).
READER_PAGES = [
    ("accueil", "/"),
    ("article", "/articles/thomas-pesquet-influenceur-en-orbite/"),
    ("influenceur", "/influenceurs/thomas-pesquet/"),
    ("étiquette", "/tags/astronautes/"),
    ("annuaire", "/influenceurs/"),
    ("classement", "/plateformes/facebook/"),
    ("flux", "/feed/"),
]


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def port_open(port, host="127.0.0.1"):
    try:
        socket.create_connection((host, port), timeout=0.5).close()
    except OSError:
        return False
    return True


def ensure_free(port, what):
    """Fail before starting `what` if something already answers on `port`: a server left
    over from an earlier run would otherwise be taken for the one we start."""
    if port_open(port):
        raise RuntimeError(
            f"port {port} already answers: another server listens there, {what} would not "
            "be the one tested. Stop it or choose another port."
        )


def listening_sockets(port):
    """The inodes of the loopback or wildcard TCP sockets listening on `port` (Linux)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(FileNotFoundError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                    inodes.add(inode)
    return inodes


def listens_on(port, pids):
    """Whether one of `pids` holds a socket listening on `port`."""
    listening = listening_sockets(port)
    for pid in pids:
        with contextlib.suppress(FileNotFoundError, PermissionError):
            for descriptor in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    target = os.readlink(descriptor)
                    if target.startswith("socket:[") and target[8:-1] in listening:
                        return True
    return False


def wait_for_port(port, seconds=30, process=None):
    """Wait until `process` (when given: it, and nothing else) listens on `port`."""
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process for port {port} exited with {process.returncode}")
        if port_open(port):
            if process is None or listens_on(port, {process.pid}):
                return
            # Another server took the port between our check and the start.
            process.terminate()
            raise RuntimeError(f"port {port} answers, but not from pid {process.pid}")
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on {port} after {seconds} s")


class ThrowawayPostgres:
    """A PostgreSQL cluster of our own on a spare port: safe to restart and kill."""

    def __init__(self, port=55432):
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="agency-pg-"))
        self.data = self.folder / "data"

    def _as_postgres(self, *command):
        # initdb and postgres refuse to run as root.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        # Output to a file, not a pipe: the server pg_ctl starts would hold a pipe open forever.
        with open(self.folder / "commands.log", "a") as output:
            return subprocess.run([*prefix, *command], check=True, stdout=output, stderr=output)

    def start(self):
        ensure_free(self.port, "PostgreSQL")
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._as_postgres(
            str(POSTGRES_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
        )
        self.start_server()
        return self

    def start_server(self):
        """Start the server of this cluster (again, after `stop_server`)."""
        self.pg_ctl(
            "start",
            "-w",
            "-l",
            str(self.folder / "log"),
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=on -c max_connections=100",
        )

    def stop_server(self):
        """Stop the server and keep the cluster, as an outage would."""
        self.pg_ctl("stop", "-w", "-m", "fast")

    def pg_ctl(self, *args):
        return self._as_postgres(str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.data), *args)

    def restart(self):
        self.pg_ctl("restart", "-w", "-m", "fast", "-l", str(self.folder / "log"))

    def stop(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.pg_ctl("stop", "-w", "-m", "fast")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name):
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {name}")


class ThrowawayRedis:
    def __init__(self, port=56379):
        self.port = port
        self.process = None

    def start(self):
        ensure_free(self.port, "redis-server")
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port, process=self.process)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def url(self, number=0):
        return f"redis://127.0.0.1:{self.port}/{number}"


@contextlib.contextmanager
def backing_services(database, postgres_port=55432, redis_port=56379):
    """A throwaway PostgreSQL holding an empty `database`, and a Redis; stopped on exit.

    Other scripts may run at the same time on a shared machine: give each its own ports.
    """
    postgres, redis = ThrowawayPostgres(postgres_port), ThrowawayRedis(redis_port)
    try:
        postgres.start()
        redis.start()
        postgres.create_database(database)
        yield postgres, redis
    finally:
        redis.stop()
        postgres.stop()


class App:
    """gunicorn on the production profile, with its database migrated and demo-loaded."""

    def __init__(self, port, database_url, redis_url="", workers=2, extra_env=None):
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="agency-app-"))
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL", "DATABASE_URL"}
        }
        self.env.update(
            DEBUG="0",
            SECRET_KEY="throwaway-load-test-key-" + "z" * 40,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="0",
            DATABASE_URL=database_url,
            STATIC_ROOT=str(self.folder / "static"),
            MEDIA_ROOT=str(self.folder / "media"),
            GUNICORN_BIND=f"127.0.0.1:{port}",
            GUNICORN_WORKERS=str(workers),
            GUNICORN_ACCESS_LOG="",
            LOG_LEVEL="WARNING",
        )
        # After the defaults, so that a caller may move the media or static folders too.
        self.env.update(extra_env or {})
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        self.process = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def manage(self, *args):
        subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=self.env, check=True)

    def prepare(self):
        log("migrate, collectstatic, load_demo")
        self.manage("migrate", "--no-input", "--verbosity", "0")
        self.manage("collectstatic", "--no-input", "--verbosity", "0")
        self.manage("load_demo", "--verbosity", "0")
        username, password = SUPERUSER
        self.manage(
            "shell",
            "-c",
            "from django.contrib.auth.models import User; "
            f"User.objects.create_superuser({username!r}, '', {password!r})",
        )
        return self

    def start(self):
        ensure_free(self.port, "gunicorn")
        # gunicorn keeps its own copy of the log's descriptor; ours is closed at once
        # (left open, it leaks, which the test suite's strict warnings refuse).
        with open(self.folder / "gunicorn.log", "w") as gunicorn_log:
            self.process = subprocess.Popen(
                [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py", "agency.wsgi"],
                cwd=BASE_DIR,
                env=self.env,
                stderr=gunicorn_log,
            )
        wait_for_port(self.port, process=self.process)
        log(f"gunicorn on http://127.0.0.1:{self.port} (pid {self.process.pid})")
        return self

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def kill_one_worker(self):
        victim = self.workers()[0]
        os.kill(victim, signal.SIGKILL)
        return victim

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)
        shutil.rmtree(self.folder, ignore_errors=True)
