"""A backup restored into an empty database and media folder gives back identical data.

Runs scripts/backup.sh and scripts/restore.sh against databases of their own
(agency_prod_backup_source, agency_prod_backup_restored) on the local PostgreSQL;
skipped when it or pg_dump is not there.
"""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.agency.local_services import POSTGRES, POSTGRES_SERVER, administer, reachable

BASE_DIR = Path(__file__).resolve().parents[2]
SOURCE, RESTORED = "agency_prod_backup_source", "agency_prod_backup_restored"


pytestmark = pytest.mark.skipif(
    not reachable(POSTGRES) or not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="needs PostgreSQL on loopback and its client tools",
)


def environment(database, media_root):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DEBUG="0",
        SECRET_KEY="backup-test-secret-key-" + "b" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        MEDIA_ROOT=str(media_root),
    )
    return env


def every_row(database):
    """Every table's rows in primary-key order, and every sequence's position."""
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/{database}") as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        contents = {
            table: connection.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
            for table in tables
        }
        sequences = connection.execute(
            "SELECT sequencename, last_value FROM pg_sequences ORDER BY sequencename"
        ).fetchall()
    return contents, sequences


def checksums(folder):
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def databases():
    drop = [f"DROP DATABASE IF EXISTS {name} WITH (FORCE)" for name in (SOURCE, RESTORED)]
    administer(*drop, f"CREATE DATABASE {SOURCE}", f"CREATE DATABASE {RESTORED}")
    yield
    administer(*drop)


def test_backup_then_restore_gives_back_identical_data_and_media(databases, tmp_path):
    source_media, restored_media = tmp_path / "media", tmp_path / "restored-media"
    (source_media / "covers" / "2026").mkdir(parents=True)
    (source_media / "covers" / "2026" / "orbite.png").write_bytes(b"\x89PNG\r\n\x1a\n" * 100)
    (source_media / "authors").mkdir()
    (source_media / "authors" / "claire.jpg").write_bytes(os.urandom(4096))
    source_env = environment(SOURCE, source_media)
    for command in (
        ["migrate", "--no-input", "--verbosity", "0"],
        ["load_demo", "--verbosity", "0"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=BASE_DIR, env=source_env, check=True
        )

    backup = subprocess.run(
        ["scripts/backup.sh", str(tmp_path / "backups")],
        cwd=BASE_DIR, env=source_env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    folder = Path(backup.stdout.strip().splitlines()[-1])
    subprocess.run(
        ["scripts/restore.sh", str(folder)],
        cwd=BASE_DIR, env=environment(RESTORED, restored_media), check=True, capture_output=True,
    )  # fmt: skip

    source_rows, source_sequences = every_row(SOURCE)
    restored_rows, restored_sequences = every_row(RESTORED)
    assert source_rows["articles_article"], "the demo content was backed up"
    assert restored_rows == source_rows
    assert restored_sequences == source_sequences
    assert checksums(restored_media) == checksums(source_media)


def test_restore_refuses_a_corrupted_backup(databases, tmp_path):
    env = environment(SOURCE, tmp_path / "media")
    backup = subprocess.run(
        ["scripts/backup.sh", str(tmp_path / "backups")],
        cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    folder = Path(backup.stdout.strip().splitlines()[-1])
    with (folder / "database.dump").open("ab") as dump:
        dump.write(b"bit rot")
    restore = subprocess.run(
        ["scripts/restore.sh", str(folder)],
        cwd=BASE_DIR, env=environment(RESTORED, tmp_path / "restored"), capture_output=True,
    )  # fmt: skip
    assert restore.returncode != 0
    assert b"FAILED" in restore.stderr + restore.stdout
