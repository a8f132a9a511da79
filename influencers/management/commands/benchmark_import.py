"""Time the CSV import on a large generated file: rows per second and peak memory."""

import csv
import datetime
import resource
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from influencers.imports import import_followers_csv
from influencers.models import Account, Influencer, Platform

BENCHMARK_PREFIX = "banc-essai"


def peak_memory_mb():
    """The process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = (
        "Génère un CSV d'un million de relevés, l'importe et affiche lignes/s et mémoire "
        "maximale. Tout est annulé à la fin, sauf avec --keep."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=1_000_000)
        parser.add_argument("--accounts", type=int, default=500)
        parser.add_argument(
            "--keep", action="store_true", help="Garde les données importées (annulées sinon)."
        )

    def handle(self, rows, accounts, keep=False, **options):
        with tempfile.TemporaryDirectory() as directory, transaction.atomic():
            path = Path(directory) / "releves.csv"
            slugs = self.benchmark_accounts(accounts)
            started = time.perf_counter()
            self.write_csv(path, slugs, rows)
            self.stdout.write(
                f"CSV généré : {rows} lignes, {path.stat().st_size / 1e6:.1f} Mo, "
                f"{time.perf_counter() - started:.1f} s"
            )
            self.measure("Premier import (créations)", path, rows)
            self.measure("Second import (tout inchangé)", path, rows)
            if not keep:
                transaction.set_rollback(True)

    def measure(self, title, path, rows):
        memory_before = peak_memory_mb()
        started, cpu_started = time.perf_counter(), time.process_time()
        with open(path, "rb") as file:
            report = import_followers_csv(file)
        elapsed = time.perf_counter() - started
        # On a shared machine the wall clock includes waiting for a core; the process's
        # CPU time says what the import itself costs (the database server's excluded).
        cpu = time.process_time() - cpu_started
        self.stdout.write(
            f"{title} : {elapsed:.1f} s ({rows / elapsed:,.0f} lignes/s), dont {cpu:.1f} s de "
            f"calcul Python ; mémoire max du processus {peak_memory_mb():.0f} Mo "
            f"(avant : {memory_before:.0f} Mo) — {report.summary()}"
        )

    def benchmark_accounts(self, count):
        """(influencer slug, platform slug) pairs of `count` accounts, created if missing."""
        platforms = list(Platform.objects.all()[:6]) or [
            Platform.objects.create(name="Banc d'essai", slug=BENCHMARK_PREFIX)
        ]
        pairs = []
        for number in range(count):
            influencer, _ = Influencer.objects.get_or_create(
                slug=f"{BENCHMARK_PREFIX}-{number // len(platforms)}",
                defaults={
                    "name": f"Banc d'essai {number // len(platforms)}",
                    "is_published": False,
                },
            )
            platform = platforms[number % len(platforms)]
            Account.objects.get_or_create(
                influencer=influencer,
                platform=platform,
                defaults={"handle": f"{BENCHMARK_PREFIX}-{number}"},
            )
            pairs.append((influencer.slug, platform.slug))
        return pairs

    def write_csv(self, path, pairs, rows):
        """Daily counts, account by account, ending yesterday (an export's usual order)."""
        days = -(-rows // len(pairs))
        first_day = timezone.localdate() - datetime.timedelta(days=days)
        with open(path, "w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(["influencer", "platform", "date", "followers"])
            written = 0
            for number, (influencer, platform) in enumerate(pairs):
                for offset in range(min(days, rows - written)):
                    day = first_day + datetime.timedelta(days=offset)
                    writer.writerow([influencer, platform, day.isoformat(), 1000 * number + offset])
                written += min(days, rows - written)
