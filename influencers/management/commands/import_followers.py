"""Import follower counts from a CSV file: every row or none."""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from influencers.imports import CHUNK_SIZE, import_followers_csv


def count_lines(path):
    """Newlines in the file, read in blocks: sizes the progress bar in a blink."""
    with open(path, "rb") as file:
        return sum(block.count(b"\n") for block in iter(lambda: file.read(1 << 20), b""))


class Command(BaseCommand):
    help = (
        "Importe des relevés d'abonnés depuis un CSV (colonnes influencer, platform, date, "
        "followers). Tout ou rien : la moindre erreur n'enregistre rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FICHIER.csv")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Vérifie le fichier et affiche le bilan sans rien enregistrer.",
        )
        parser.add_argument(
            "--user",
            metavar="IDENTIFIANT",
            help="Utilisateur noté comme auteur des relevés (journal des modifications).",
        )

    def handle(self, path, dry_run=False, user=None, verbosity=1, **options):
        recorder = self.find_user(user)
        try:
            total_lines = count_lines(path)
            with open(path, "rb") as file, self.progress_bar(total_lines, verbosity) as bar:
                report = import_followers_csv(
                    file, user=recorder, commit=not dry_run, progress=bar.update
                )
        except OSError as error:
            raise CommandError(f"Impossible de lire {path} : {error.strerror}.") from None

        for error in report.errors:
            self.stderr.write(str(error))
        if hidden := report.error_count - len(report.errors):
            self.stderr.write(f"… et {hidden} autre(s) erreur(s).")
        self.stdout.write(report.summary())
        if not report.is_valid:
            raise CommandError("Le fichier contient des erreurs : rien n'a été enregistré.")
        if dry_run:
            self.stdout.write("Simulation (--dry-run) : rien n'a été enregistré.")
        else:
            self.stdout.write(self.style.SUCCESS("Import terminé."))

    def find_user(self, username):
        if username is None:
            return None
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Utilisateur inconnu : « {username} ».") from None

    def progress_bar(self, total_lines, verbosity):
        return tqdm(
            total=max(total_lines - 1, 0),
            unit=" lignes",
            file=sys.stderr,
            # Short files finish before a bar would tell anything.
            disable=verbosity == 0 or total_lines <= CHUNK_SIZE,
            dynamic_ncols=True,
        )
