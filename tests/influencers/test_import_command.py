"""`manage.py import_followers FILE.csv [--dry-run]`: same rules, a summary, an exit status."""

import io

import pytest
from django.core.management import CommandError, call_command

from influencers.models import FollowerSnapshot
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "influencer,platform,date,followers\n"


@pytest.fixture
def write_csv(tmp_path):
    def write(rows):
        path = tmp_path / "releves.csv"
        path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
        return path

    return write


def import_file(path, *args):
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("import_followers", str(path), *args, stdout=stdout, stderr=stderr)
    except CommandError as error:
        return stdout.getvalue(), stderr.getvalue(), error
    return stdout.getvalue(), stderr.getvalue(), None


def test_a_valid_file_is_imported_with_a_summary(pesquet_account, write_csv):
    path = write_csv(["thomas-pesquet,facebook,2019-02-14,1 500 000"])
    stdout, _stderr, error = import_file(path)
    assert error is None
    assert "Lignes importées : 1 ; relevés créés : 1, mis à jour : 0, inchangés : 0." in stdout
    assert "Import terminé." in stdout
    assert pesquet_account.snapshots.get().followers == 1_500_000


def test_errors_are_listed_by_line_and_the_command_fails_writing_nothing(
    pesquet_account, write_csv
):
    path = write_csv([
        "thomas-pesquet,facebook,2019-02-14,1500000",
        "thomas-pesquet,facebook,2019-02-15,-3",
        "thomas-pesquet,youtube,2019-02-15,3",
    ])  # fmt: skip
    stdout, stderr, error = import_file(path)
    assert stderr.splitlines() == [
        "Ligne 3 : Le nombre d'abonnés ne peut pas être négatif.",
        "Ligne 4 : Plateforme inconnue : « youtube ».",
    ]
    assert "erreurs : 2." in stdout
    assert str(error) == "Le fichier contient des erreurs : rien n'a été enregistré."
    assert not FollowerSnapshot.objects.exists()


def test_dry_run_reports_what_would_change_and_writes_nothing(pesquet_account, write_csv):
    factories.make_snapshot(pesquet_account, recorded_on="2019-02-14", followers=1_400_000)
    path = write_csv(
        ["thomas-pesquet,facebook,2019-02-14,1500000", "thomas-pesquet,facebook,2019-02-15,1500100"]
    )
    stdout, _stderr, error = import_file(path, "--dry-run")
    assert error is None
    assert (
        "Lignes valides : 2 ; à créer : 1, à mettre à jour : 1, inchangées : 0 ; erreurs : 0."
    ) in stdout
    assert "Simulation (--dry-run) : rien n'a été enregistré." in stdout
    assert list(pesquet_account.snapshots.values_list("followers", flat=True)) == [1_400_000]


def test_the_user_option_records_who_imported(pesquet_account, write_csv, data_user):
    path = write_csv(["thomas-pesquet,facebook,2019-02-14,1500000"])
    import_file(path, "--user", data_user.username)
    assert pesquet_account.snapshots.get().recorded_by == data_user


def test_an_unknown_user_or_a_missing_file_stops_the_command(pesquet_account, write_csv, tmp_path):
    path = write_csv(["thomas-pesquet,facebook,2019-02-14,1500000"])
    assert str(import_file(path, "--user", "personne")[2]) == "Utilisateur inconnu : « personne »."
    _stdout, _stderr, error = import_file(tmp_path / "absent.csv")
    assert str(error).startswith("Impossible de lire")
    assert not FollowerSnapshot.objects.exists()


def test_a_long_file_is_imported_in_chunks_all_or_nothing(pesquet_account, write_csv, monkeypatch):
    """Rows are written chunk by chunk; an error in a late chunk undoes the earlier ones."""
    monkeypatch.setattr("influencers.imports.CHUNK_SIZE", 10)
    rows = [f"thomas-pesquet,facebook,2018-{month:02d}-{day:02d},{month * 100 + day}"
            for month in range(1, 4) for day in range(1, 29)]  # fmt: skip
    path = write_csv([*rows, "thomas-pesquet,facebook,2018-04-01,oops"])
    _stdout, stderr, error = import_file(path)
    assert "Ligne 86 : « oops » n'est pas un nombre entier d'abonnés." in stderr
    assert error is not None
    assert not FollowerSnapshot.objects.exists()
    path = write_csv(rows)
    assert import_file(path)[2] is None
    assert pesquet_account.snapshots.count() == 84


def test_a_long_file_shows_a_progress_bar_and_a_short_one_does_not(
    pesquet_account, write_csv, monkeypatch, capsys
):
    monkeypatch.setattr("influencers.management.commands.import_followers.CHUNK_SIZE", 5)
    short = write_csv([f"thomas-pesquet,facebook,2018-01-0{day},{day}" for day in range(1, 5)])
    import_file(short)
    assert "lignes" not in capsys.readouterr().err
    long = write_csv([f"thomas-pesquet,facebook,2018-02-{day:02d},{day}" for day in range(1, 21)])
    import_file(long)
    assert "20/20" in capsys.readouterr().err
