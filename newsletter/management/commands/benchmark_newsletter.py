"""Send one article to N confirmed subscribers: time, peak memory, queries per batch.

Everything it writes (subscribers, the article, deliveries) is rolled back at the
end, so it can run against any database; use a separate one all the same.
"""

import os
import resource
import time

from django.core.mail.backends.base import BaseEmailBackend
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from articles.models import Article
from newsletter.models import Subscriber
from newsletter.sending import article_dispatches, send_dispatch


class SerializingBackend(BaseEmailBackend):
    """Builds each message's MIME bytes as SMTP would, then drops them: the benchmark
    measures our side (rendering, signing, encoding, the database), not a mail server."""

    def send_messages(self, email_messages):
        for message in email_messages:
            message.message().as_bytes()
        return len(email_messages)


class Rollback(Exception):
    pass


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


class Command(BaseCommand):
    help = "Mesure l'envoi d'un article à N abonnés confirmés (temps, mémoire, requêtes par lot)."

    def add_arguments(self, parser):
        parser.add_argument("--subscribers", type=int, default=10_000)
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, subscribers, batch_size, **options):
        backend = f"{__name__}.SerializingBackend"
        with override_settings(MAILERS={"default": {"BACKEND": backend}}):
            try:
                with transaction.atomic():
                    self.run(subscribers, batch_size)
                    raise Rollback
            except Rollback:
                pass

    def run(self, count, batch_size):
        started = timezone.now()
        Subscriber.objects.bulk_create(
            Subscriber(
                email=f"banc-{number:06d}@exemple.invalid",
                status=Subscriber.Status.CONFIRMED,
                confirmed_at=started,
            )
            for number in range(count)
        )
        Article.objects.create(
            title="Banc d'essai de la lettre",
            slug="banc-essai-lettre",
            standfirst="Un chapô de longueur ordinaire pour un article de démonstration.",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        [dispatch] = [d for d in article_dispatches(timezone.now()) if "banc" in d.subject.lower()]
        rss_before = peak_rss_mb()
        per_batch = []
        with CaptureQueriesContext(connection) as queries:
            marks = [0]

            def batch_done(size):
                per_batch.append(len(queries) - marks[-1])
                marks.append(len(queries))

            began = time.perf_counter()
            outcome = send_dispatch(
                dispatch, run="benchmark", batch_size=batch_size, progress=batch_done
            )
            elapsed = time.perf_counter() - began
        database_seconds = sum(float(query["time"]) for query in queries.captured_queries)
        self.stdout.write(
            f"{connection.vendor}, {outcome.sent} e-mails en {elapsed:.1f} s "
            f"({outcome.sent / elapsed:.0f} e-mails/s), lots de {batch_size} : "
            f"{len(per_batch)} lots, requêtes par lot {sorted(set(per_batch))}, "
            f"{len(queries)} requêtes en tout ({database_seconds:.2f} s de base de données) ; "
            f"mémoire (pic RSS) {rss_before:.0f} → "
            f"{peak_rss_mb():.0f} Mo ; charge {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs"
        )
