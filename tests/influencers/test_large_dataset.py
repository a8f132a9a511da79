"""The large data set generator and the page benchmark, at a size a test can afford."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from influencers.models import Account, FollowerSnapshot, Influencer, SnapshotSource
from tests import factories

pytestmark = pytest.mark.django_db


def generate(**options):
    call_command("generate_large_dataset", **options)


def test_generator_writes_a_daily_history_per_account_up_to_today(capsys):
    generate(influencers=3, days=10)
    assert Influencer.objects.filter(slug__startswith="genere-").count() == 3
    accounts = Account.objects.filter(influencer__slug__startswith="genere-")
    assert accounts.count() == 12
    assert accounts.values("platform").distinct().count() == 6
    snapshots = FollowerSnapshot.objects.filter(account__in=accounts)
    assert snapshots.count() == 120
    assert set(snapshots.values_list("source", flat=True)) == {SnapshotSource.ILLUSTRATIVE}
    today = timezone.localdate()
    assert snapshots.latest().recorded_on == today
    assert snapshots.earliest().recorded_on == today - datetime.timedelta(days=9)
    assert "3 influenceurs, 12 comptes, 120 relevés" in capsys.readouterr().out


def test_generating_again_replaces_the_previous_set_and_nothing_else():
    kept = factories.make_snapshot(followers=42)
    generate(influencers=2, days=5)
    generate(influencers=2, days=5)
    generated = FollowerSnapshot.objects.filter(account__influencer__slug__startswith="genere-")
    assert generated.count() == 40
    assert FollowerSnapshot.objects.filter(pk=kept.pk).exists()


def test_benchmark_prints_time_and_query_count_of_each_page(capsys):
    generate(influencers=4, days=30)
    call_command("benchmark_pages", requests=2)
    output = capsys.readouterr().out
    for page in ("Page influenceur", "Classement (abonnés)", "Classement (croissance 30 j)",
                 "Comparaison de 4", "Annuaire"):  # fmt: skip
        line = next(line for line in output.splitlines() if line.startswith(page))
        assert " ms (plus bas " in line and "CPU" in line and "requêtes SQL" in line
