"""Every validation rule of the follower importer, its message, and nothing written."""

import datetime
import io

import pytest
from django.utils import timezone

from influencers.imports import import_followers_csv, parse_follower_count
from influencers.models import FollowerSnapshot
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "influencer,platform,date,followers\n"
VALID_ROW = "thomas-pesquet,facebook,2019-02-14,1500000\n"


@pytest.fixture
def pesquet(pesquet_account):
    # A platform he has no account on: a rule of its own.
    factories.make_platform(slug="instagram", name="Instagram")
    return pesquet_account


def run(text, encoding="utf-8", **options):
    return import_followers_csv(io.BytesIO(text.encode(encoding)), **options)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        ("1500000", 1_500_000),
        ("1 500 000", 1_500_000),
        ("1\u00a0500\u00a0000", 1_500_000),
        ("1\u202f500\u202f000", 1_500_000),
        ("1.500.000", 1_500_000),
        (" 746000 ", 746_000),
        ("0", 0),
    ],
)
def test_counts_are_read_in_every_usual_spelling(count, expected):
    assert parse_follower_count(count) == expected


FUTURE = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
BAD_ROWS = {  # rule: (row, message)
    "bad slug": (
        "Thomas Pesquet,facebook,2019-02-14,10",
        "« Thomas Pesquet » n'est pas un slug valide",
    ),
    "unknown influencer": (
        "nobody,facebook,2019-02-14,10",
        "Influenceur inconnu : « nobody ».",
    ),
    "unknown platform": (
        "thomas-pesquet,myspace,2019-02-14,10",
        "Plateforme inconnue : « myspace ».",
    ),
    "no such account": (
        "thomas-pesquet,instagram,2019-02-14,10",
        "« thomas-pesquet » n'a pas de compte sur Instagram.",
    ),
    "empty influencer": (
        ",facebook,2019-02-14,10",
        "La colonne influencer est vide.",
    ),
    "negative": (
        "thomas-pesquet,facebook,2019-02-14,-5",
        "Le nombre d'abonnés ne peut pas être négatif.",
    ),
    "non-numeric": (
        "thomas-pesquet,facebook,2019-02-14,beaucoup",
        "« beaucoup » n'est pas un nombre entier d'abonnés.",
    ),
    "decimal": (
        "thomas-pesquet,facebook,2019-02-14,1.5",
        "« 1.5 » n'est pas un nombre entier d'abonnés.",
    ),
    "empty count": (
        "thomas-pesquet,facebook,2019-02-14,",
        "Le nombre d'abonnés est vide.",
    ),
    "empty date": (
        "thomas-pesquet,facebook,,10",
        "La date est vide.",
    ),
    "bad date": (
        "thomas-pesquet,facebook,2019-02-30,10",
        "« 2019-02-30 » n'est pas une date valide (format attendu : AAAA-MM-JJ).",
    ),
    "french date": (
        "thomas-pesquet,facebook,14/02/2019,10",
        "« 14/02/2019 » n'est pas une date valide",
    ),
    "future date": (
        f"thomas-pesquet,facebook,{FUTURE},10",
        f"La date {FUTURE} est dans le futur.",
    ),
    "missing column": (
        "thomas-pesquet,facebook,2019-02-14",
        "La ligne a 3 colonnes au lieu de 4.",
    ),
    "duplicate line": (
        "thomas-pesquet,facebook,2019-02-14,1500001",
        "Doublon : Thomas Pesquet — Facebook a déjà une valeur le 2019-02-14 plus haut "
        "dans le fichier.",
    ),
}


@pytest.mark.parametrize("rule", BAD_ROWS)
def test_a_bad_row_is_reported_with_its_line_and_nothing_is_written(pesquet, rule):
    row, message = BAD_ROWS[rule]
    report = run(HEADER + VALID_ROW + row + "\n")
    assert not report.written
    assert [error.line for error in report.errors] == [3]
    assert message in report.errors[0].message
    assert str(report.errors[0]).startswith("Ligne 3 : ")
    assert not FollowerSnapshot.objects.exists()


@pytest.mark.parametrize(
    ("header", "found"),
    [
        ("influencer,platform,day,followers", "influencer, platform, day, followers"),
        ("influencer,platform,date", "influencer, platform, date"),
        ("influencer,platform,date,followers,note", "influencer, platform, date, followers, note"),
        ("", "aucune"),
    ],
)
def test_wrong_columns_are_refused_before_any_row(pesquet, header, found):
    report = run(f"{header}\n{VALID_ROW}")
    assert [(error.line, error.message) for error in report.errors] == [
        (1, f"Colonnes attendues : influencer, platform, date, followers ; trouvées : {found}.")
    ]
    assert not FollowerSnapshot.objects.exists()


def test_a_file_not_in_utf8_is_refused_with_advice(pesquet):
    report = run(HEADER + VALID_ROW + "thomas-pesquet,facebook,2019-02-15,Séverine\n", "latin-1")
    assert [(error.line, error.message) for error in report.errors] == [
        (3, "Le fichier n'est pas encodé en UTF-8. Enregistrez-le au format « CSV UTF-8 » "
            "depuis votre tableur.")
    ]  # fmt: skip
    assert not FollowerSnapshot.objects.exists()


def test_every_error_of_a_file_is_reported_not_only_the_first(pesquet):
    report = run(
        HEADER + "nobody,facebook,2019-02-14,10\n" + VALID_ROW + "thomas-pesquet,x,2019-02-14,1\n"
    )
    assert [error.line for error in report.errors] == [2, 4]
    assert report.created == 1
    assert not FollowerSnapshot.objects.exists()


def test_excel_file_with_bom_semicolons_and_grouped_counts_is_imported(pesquet):
    text = (
        "\ufeffInfluencer;Platform;Date;Followers;\r\n"
        "thomas-pesquet;facebook;2019-02-14;1 500 000;\r\n"
        "thomas-pesquet;facebook;2019-02-15;1\u00a0500\u00a0100\r\n"
        "thomas-pesquet;facebook;2019-02-16;1\u202f500\u202f200\r\n"
        "thomas-pesquet;facebook;2019-02-17;1.500.300\r\n"
        ";;;\r\n"
    )
    report = run(text)
    assert report.errors == []
    assert report.written
    assert list(pesquet.snapshots.order_by("recorded_on").values_list("followers", flat=True)) == [
        1_500_000, 1_500_100, 1_500_200, 1_500_300,
    ]  # fmt: skip


def test_columns_may_come_in_any_order_with_quoted_grouped_counts(pesquet):
    report = run(
        'followers,date,platform,influencer\n"1,500,000",2019-02-14,facebook,thomas-pesquet\n'
    )
    assert report.errors[0].message == "« 1,500,000 » n'est pas un nombre entier d'abonnés."
    report = run(
        'followers,date,platform,influencer\n"1 500 000",2019-02-14,facebook,thomas-pesquet\n'
    )
    assert report.written
    assert pesquet.snapshots.get().followers == 1_500_000


def test_reimporting_the_same_file_changes_nothing(pesquet, data_user):
    text = HEADER + VALID_ROW + "thomas-pesquet,facebook,2019-02-15,1500100\n"
    first = run(text, user=data_user)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    before = list(pesquet.snapshots.values("pk", "followers", "updated_at", "updated_by"))
    second = run(text, user=data_user)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert list(pesquet.snapshots.values("pk", "followers", "updated_at", "updated_by")) == before


def test_a_changed_count_updates_the_snapshot_of_that_day_and_records_who(pesquet, data_user):
    factories.make_snapshot(pesquet, datetime.date(2019, 2, 14), followers=1_400_000)
    report = run(HEADER + VALID_ROW, user=data_user)
    assert (report.created, report.updated) == (0, 1)
    snapshot = pesquet.snapshots.get()
    assert snapshot.followers == 1_500_000
    assert snapshot.updated_by == data_user
    assert snapshot.source == "import"


def test_new_snapshots_record_their_source_and_who_imported_them(pesquet, data_user):
    run(HEADER + VALID_ROW, user=data_user)
    snapshot = pesquet.snapshots.get()
    assert (snapshot.source, snapshot.recorded_by, snapshot.updated_by) == (
        "import",
        data_user,
        None,
    )
    assert snapshot.created_at is not None


def test_dry_run_plans_without_writing(pesquet):
    report = run(HEADER + VALID_ROW, commit=False)
    assert (report.created, report.written, report.errors) == (1, False, [])
    assert not FollowerSnapshot.objects.exists()


def test_a_file_longer_than_the_limit_writes_nothing(pesquet):
    rows = "".join(f"thomas-pesquet,facebook,2019-01-{day:02d},{day}\n" for day in range(1, 12))
    report = run(HEADER + rows, max_rows=10)
    assert report.errors[-1].message == "Le fichier dépasse 10 lignes."
    assert not FollowerSnapshot.objects.exists()


def test_an_inactive_account_still_receives_its_history(pesquet):
    pesquet.is_active = False
    pesquet.save()
    assert run(HEADER + VALID_ROW).written


def test_the_active_account_wins_when_an_influencer_has_two_on_a_platform(pesquet):
    pesquet.is_active = False
    pesquet.save()
    current = factories.make_account(influencer=pesquet.influencer, platform=pesquet.platform)
    run(HEADER + VALID_ROW)
    assert current.snapshots.count() == 1
    assert not pesquet.snapshots.exists()


def test_a_snapshot_recorded_meanwhile_by_someone_else_undoes_the_import(pesquet, monkeypatch):
    from influencers import imports

    def racing_find_existing(rows):
        planned = find_existing(rows)
        factories.make_snapshot(pesquet, datetime.date(2019, 2, 14), followers=1)  # the other
        return planned

    find_existing = imports.find_existing
    monkeypatch.setattr(imports, "find_existing", racing_find_existing)
    report = run(HEADER + VALID_ROW)
    assert not report.written
    assert [str(error) for error in report.errors] == [
        "Ligne 2 : Des relevés ont été modifiés pendant l'enregistrement ; rien n'a été "
        "enregistré, recommencez."
    ]
    assert not FollowerSnapshot.objects.filter(followers=1_500_000).exists()
