"""A large, illustrative data set to measure pages against: influencers, accounts, daily counts."""

import datetime
import random
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from core.database import analyze
from influencers.imports import insert_snapshots
from influencers.models import Account, FollowerSnapshot, Influencer, Platform, SnapshotSource
from influencers.signals import follower_counts_changed

SLUG_PREFIX = "genere-"
PLATFORM_SLUGS = ["facebook", "x", "instagram", "linkedin", "youtube", "tiktok"]
BATCH_SIZE = 50_000


def platforms():
    """The six usual platforms, created if the database has not got them yet."""
    found = {
        platform.slug: platform for platform in Platform.objects.filter(slug__in=PLATFORM_SLUGS)
    }
    for position, slug in enumerate(PLATFORM_SLUGS):
        if slug not in found:
            found[slug] = Platform.objects.create(
                name=slug.capitalize(), slug=slug, position=position
            )
    return [found[slug] for slug in PLATFORM_SLUGS]


def daily_counts(rng, days):
    """A plausible history: a start between 1 000 and 5 000 000, a drift and some noise."""
    followers = rng.lognormvariate(11, 1.6)
    followers = min(max(followers, 1_000), 5_000_000)
    drift = rng.uniform(-0.0002, 0.0015)
    for _ in range(days):
        followers = max(0.0, followers * (1 + drift + rng.gauss(0, 0.002)))
        yield int(followers)


class Command(BaseCommand):
    help = (
        "Crée un grand jeu de données illustratif (par défaut 500 influenceurs, 2 000 comptes, "
        "5 ans de relevés quotidiens, environ 3,6 millions de lignes) pour les mesures de "
        "performance. Remplace le jeu généré précédemment."
    )

    def add_arguments(self, parser):
        parser.add_argument("--influencers", type=int, default=500)
        parser.add_argument("--accounts-per-influencer", type=int, default=4)
        parser.add_argument("--days", type=int, default=5 * 365)
        parser.add_argument("--seed", type=int, default=1969)

    def handle(self, *args, **options):
        started = time.perf_counter()
        rng = random.Random(options["seed"])
        with transaction.atomic():
            self.remove_previous()
            accounts = self.create_accounts(
                options["influencers"], options["accounts_per_influencer"]
            )
            rows = self.write_history(rng, accounts, options["days"])
            # Raw inserts send no post_save: tell the page cache the counts changed.
            follower_counts_changed.send(sender=FollowerSnapshot, accounts=[])
        analyze(FollowerSnapshot, Account, Influencer)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{options['influencers']} influenceurs, {len(accounts)} comptes, {rows} relevés "
            f"en {elapsed:.1f} s ({rows / elapsed:,.0f} lignes/s)."
        )

    def remove_previous(self):
        """Delete the last generated set with plain SQL: millions of rows, no signals needed."""
        accounts = Account.objects.filter(influencer__slug__startswith=SLUG_PREFIX)
        account_ids = list(accounts.values_list("pk", flat=True))
        quote = connection.ops.quote_name
        table = quote(FollowerSnapshot._meta.db_table)
        with connection.cursor() as cursor:
            for start in range(0, len(account_ids), 500):
                batch = account_ids[start : start + 500]
                placeholders = ", ".join(["%s"] * len(batch))
                cursor.execute(f"DELETE FROM {table} WHERE account_id IN ({placeholders})", batch)
        Influencer.objects.filter(slug__startswith=SLUG_PREFIX).delete()

    def create_accounts(self, influencer_count, per_influencer):
        usual = platforms()
        influencers = Influencer.objects.bulk_create(
            Influencer(
                name=f"Influenceur généré {number:04}",
                slug=f"{SLUG_PREFIX}{number:04}",
                headline="Profil fictif pour les mesures de performance",
                is_published=True,
            )
            for number in range(1, influencer_count + 1)
        )
        if not connection.features.can_return_rows_from_bulk_insert:  # pragma: no cover
            influencers = list(Influencer.objects.filter(slug__startswith=SLUG_PREFIX))
        accounts = Account.objects.bulk_create(
            Account(
                influencer=influencer,
                platform=usual[(index + offset) % len(usual)],
                handle=f"{influencer.slug}-{offset}",
            )
            for index, influencer in enumerate(influencers)
            for offset in range(min(per_influencer, len(usual)))
        )
        if not connection.features.can_return_rows_from_bulk_insert:  # pragma: no cover
            accounts = list(Account.objects.filter(influencer__slug__startswith=SLUG_PREFIX))
        return accounts

    def write_history(self, rng, accounts, days):
        # Raw inserts: the ORM's bulk_create builds a model instance per row, too slow
        # for millions.
        now = timezone.now()
        first_day = timezone.localdate() - datetime.timedelta(days=days - 1)
        dates = [first_day + datetime.timedelta(days=offset) for offset in range(days)]
        batch, written = [], 0
        for number, account in enumerate(accounts, start=1):
            batch.extend(zip([account.pk] * days, dates, daily_counts(rng, days), strict=True))
            if len(batch) >= BATCH_SIZE:
                insert_snapshots(batch, source=SnapshotSource.ILLUSTRATIVE, user_id=None, now=now)
                written += len(batch)
                batch = []
            if number % 200 == 0:
                self.stdout.write(f"  {number}/{len(accounts)} comptes, {written} relevés écrits")
        insert_snapshots(batch, source=SnapshotSource.ILLUSTRATIVE, user_id=None, now=now)
        return written + len(batch)
