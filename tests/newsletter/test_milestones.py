"""Milestone alerts: round thresholds crossed, sent to the influencer's followers."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from newsletter.milestones import crossed_milestones, highest_crossed
from tests import factories
from tests.newsletter.conftest import make_subscriber


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (9_999, 10_000, 10_000),
        (10_000, 10_500, None),
        (40_000, 120_000, 100_000),  # two crossed at once: the highest is the news
        (1_200_000, 900_000, None),  # going down crosses nothing
        (1_999_999, 2_000_001, 2_000_000),
    ],
)
def test_highest_threshold_crossed(before, after, expected):
    assert highest_crossed(before, after) == expected


def account_with(counts_by_days_ago, influencer=None):
    account = factories.make_account(influencer=influencer)
    today = timezone.localdate()
    for days_ago, followers in counts_by_days_ago.items():
        factories.make_snapshot(account, today - datetime.timedelta(days=days_ago), followers)
    return account


@pytest.mark.django_db
def test_crossing_within_the_lookback_is_found():
    crossed = account_with({20: 950_000, 10: 990_000, 2: 1_010_000})
    account_with({20: 950_000, 2: 990_000})  # not yet
    account_with({20: 900_000, 10: 1_100_000, 1: 1_200_000})  # crossed before the window
    account_with({1: 3_000_000})  # first record: no crossing to speak of
    [milestone] = crossed_milestones()
    assert (milestone.account, milestone.threshold, milestone.followers) == (
        crossed,
        1_000_000,
        1_010_000,
    )
    assert milestone.item == f"milestone:{crossed.pk}:1000000"


@pytest.mark.django_db
def test_followers_get_the_milestone_email_once():
    pesquet = factories.make_influencer(name="Thomas Pesquet")
    account = account_with({20: 480_000, 1: 512_000}, influencer=pesquet)
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    follower = make_subscriber(articles="none", influencers=[pesquet], confirmed_at=three_days_ago)
    make_subscriber(articles="immediate")  # follows nobody
    make_subscriber(articles="none", influencers=[pesquet], confirmed_at=timezone.now())  # after

    call_command("send_newsletter", verbosity=0)
    [message] = mail.outbox
    assert message.to == [follower.email]
    assert (
        message.subject == f"Thomas Pesquet dépasse 500\xa0000 abonnés sur {account.platform.name}"
    )
    assert "512\xa0000" in message.body
    call_command("send_newsletter", verbosity=0)
    assert len(mail.outbox) == 1
