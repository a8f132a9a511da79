"""Send what the newsletter owes its subscribers; meant for cron, safe to rerun."""

import sys
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from tqdm import tqdm

from newsletter.models import Delivery, Subscriber
from newsletter.sending import (
    CLAIM_TIMEOUT,
    Outcome,
    SendingInterrupted,
    due_dispatches,
    release_stale_claims,
    send_dispatch,
)


class Command(BaseCommand):
    help = (
        "Envoie les articles publiés, le résumé hebdomadaire et les paliers d'abonnés dus aux "
        "abonnés confirmés. Relancée, elle n'envoie jamais deux fois la même chose à la même "
        "personne. Supprime aussi les demandes d'inscription jamais confirmées dont le lien "
        "de confirmation a expiré."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Affiche ce qui serait envoyé, sans rien envoyer.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=settings.NEWSLETTER_BATCH_SIZE,
            help="Destinataires par lot (défaut : %(default)s).",
        )

    def handle(self, dry_run=False, batch_size=None, verbosity=1, **options):
        # Emails and their subjects are in the site's language, whatever the shell's.
        with translation.override(settings.LANGUAGE_CODE):
            self.purge(dry_run)
            if not dry_run and (stale := release_stale_claims()):
                self.stdout.write(
                    f"{stale} envoi(s) interrompu(s) par un arrêt brutal, repris maintenant."
                )
            plan = [(dispatch, dispatch.recipients().count()) for dispatch in due_dispatches()]
            plan = [(dispatch, count) for dispatch, count in plan if count]
            for dispatch, count in plan:
                self.stdout.write(f"{dispatch.subject} : {count} destinataire(s)")
            if not plan:
                self.stdout.write("Rien à envoyer.")
            if dry_run:
                self.stdout.write("Simulation (--dry-run) : rien n'a été envoyé.")
                return
            self.send(plan, batch_size, verbosity)

    def purge(self, dry_run):
        # Housekeeping rides on the newsletter's one cron line: nothing else to schedule.
        if dry_run:
            if count := Subscriber.objects.expired_requests().count():
                self.stdout.write(f"{count} demande(s) d'inscription expirée(s) à supprimer.")
        elif count := Subscriber.objects.purge_expired_requests():
            self.stdout.write(f"{count} demande(s) d'inscription expirée(s) supprimée(s).")

    def send(self, plan, batch_size, verbosity):
        run = uuid.uuid4().hex
        outcome = Outcome()
        total = sum(count for _, count in plan)
        with tqdm(
            total=total, unit=" e-mails", file=sys.stderr, disable=verbosity == 0 or not total
        ) as bar:
            for dispatch, _count in plan:
                try:
                    send_dispatch(dispatch, run, batch_size, progress=bar.update, outcome=outcome)
                except SendingInterrupted as error:
                    raise CommandError(self.interrupted(error, run, outcome)) from None
        if outcome.refused:
            self.stderr.write(
                f"{outcome.refused} adresse(s) refusée(s) par le serveur d'envoi ou invalide(s)."
            )
        self.stdout.write(self.style.SUCCESS(f"{outcome.sent} e-mail(s) envoyé(s)."))

    def interrupted(self, error, run, outcome):
        """What stopped the sending, what went out, and what a rerun will do, in French."""
        message = (
            f"Le serveur d'envoi a échoué ({error}) : {outcome.sent} e-mail(s) envoyé(s) "
            "avant l'échec. Relancez la commande (ou attendez la prochaine exécution) : "
            "elle enverra le reste, sans renvoyer ce qui est parti."
        )
        # One email at most: the one in flight when the connection broke.
        if Delivery.objects.filter(run=run, status=Delivery.Status.CLAIMED).exists():
            minutes = int(CLAIM_TIMEOUT.total_seconds() // 60)
            message += (
                " Un e-mail partait au moment de l'échec : le serveur l'a peut-être reçu ; "
                f"une exécution lancée plus de {minutes} minutes après le renverra."
            )
        return message
