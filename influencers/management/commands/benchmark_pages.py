"""Render the follower pages in-process many times: median time and query count of each."""

import gc
import os
import statistics
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from influencers.models import FollowerSnapshot, Influencer, Platform

TARGET_MS = 50


def host():
    allowed = [
        name
        for name in settings.ALLOWED_HOSTS
        if name not in ("*", "") and not name.startswith(".")
    ]
    return allowed[0] if allowed else "localhost"


def reference_ms():
    """A fixed pure-Python computation, timed: how fast the machine runs right now.

    A shared virtual machine's speed drifts by half or more from one minute to the
    next; printed with the figures, it tells a slower machine from a slower page.
    """
    timings = []
    for _ in range(3):
        started = time.process_time()
        sum(number * number for number in range(300_000))
        timings.append((time.process_time() - started) * 1000)
    return min(timings)


class Command(BaseCommand):
    help = (
        "Mesure le rendu (médiane de N requêtes, sans cache de page) et le nombre de requêtes "
        "SQL de la page d'un influenceur, du classement d'une plateforme et d'une comparaison. "
        "À lancer après generate_large_dataset."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=30)

    # The page itself, never a whole-page cache hit; the cache is also cleared before
    # each request, so no cached part of it (fragments, share cards) is reused either.
    @override_settings(PAGE_CACHE_SECONDS=0)
    def handle(self, *args, **options):
        pages = self.pages()
        client = Client(HTTP_HOST=host())
        measured = [(label, url, *self.count_queries(client, url)) for label, url in pages]
        timings, cpu_timings, references = self.time(client, pages, options["requests"])
        self.stdout.write(
            f"{FollowerSnapshot.objects.count()} relevés, {connection.vendor}, "
            f"{options['requests']} tours de {len(pages)} pages (cache vidé avant chaque requête), "
            f"charge de la machine {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs, "
            f"calcul de référence {statistics.median(references):.1f} ms "
            f"({min(references):.1f} à {max(references):.1f})"
        )
        slow = []
        for label, url, queries, size in measured:
            median = statistics.median(timings[url])
            self.stdout.write(
                f"{label:<32} {median:6.1f} ms (plus bas {min(timings[url]):5.1f}, "
                f"CPU {statistics.median(cpu_timings[url]):5.1f})  {queries:2} requêtes SQL  "
                f"{size / 1024:5.1f} Ko  {url}"
            )
            if median > TARGET_MS:
                slow.append(label)
        if slow:
            self.stdout.write(
                self.style.WARNING(f"Au-dessus de {TARGET_MS} ms : {', '.join(slow)}")
            )

    def pages(self):
        """The busiest influencer, platform and four influencers to compare."""
        busiest = (
            Influencer.objects.published()
            .annotate(account_count=Count("accounts"))
            .order_by("-account_count", "slug")
        )
        influencers = list(busiest.values_list("slug", flat=True)[:4])
        platform = (
            Platform.objects.annotate(account_count=Count("accounts"))
            .order_by("-account_count")
            .first()
        )
        if len(influencers) < 2 or platform is None:
            raise CommandError("Pas assez de données : lancez d'abord generate_large_dataset.")
        compare = reverse("influencers:compare") + "?" + "&".join(f"i={s}" for s in influencers)
        ranking = platform.get_absolute_url()
        return [
            ("Page influenceur", reverse("influencers:detail", args=[influencers[0]])),
            ("Classement (abonnés)", ranking),
            ("Classement (croissance 30 j)", f"{ranking}?tri=croissance"),
            ("Classement (croissance en %)", f"{ranking}?tri=pourcentage"),
            (f"Comparaison de {len(influencers)}", compare),
            ("Annuaire (cartes et sparklines)", reverse("influencers:list")),
        ]

    def count_queries(self, client, url):
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} : statut {response.status_code}")
        return len(context), len(response.content)

    def time(self, client, pages, rounds):
        """{url: [ms, …]} of wall and CPU time, and the reference computation's times.

        Pages take turns, one request each per round, with the reference computation
        timed before each round: the machine's speed drifts, and the drift then reaches
        every page alike instead of the page that happened to run during it.
        """
        for _label, url in pages:
            client.get(url)  # warm-up: templates compiled, connection open
        # As gunicorn's workers run (gunicorn.conf.py): what lives as long as the process
        # is kept out of the garbage collector's full passes.
        gc.collect()
        gc.freeze()
        timings = {url: [] for _label, url in pages}
        cpu_timings = {url: [] for _label, url in pages}
        references = []
        for _ in range(rounds):
            references.append(reference_ms())
            for _label, url in pages:
                cache.clear()  # measure the page, not a whole-page cache hit
                started, cpu_started = time.perf_counter(), time.process_time()
                client.get(url)
                timings[url].append((time.perf_counter() - started) * 1000)
                # CPU time of this process (SQLite runs in it too): what the wall clock
                # would read on an idle machine, while other jobs share the cores.
                cpu_timings[url].append((time.process_time() - cpu_started) * 1000)
        return timings, cpu_timings, references
