"""What is due to whom, and sending it in batches exactly once per person.

`due_dispatches()` lists the items to send now (new articles, last week's digest,
milestones), each with its audience; `send_dispatch()` sends one item to its
audience. Only `Article.objects.published()` is ever read, so drafts never leave
and a scheduled article leaves on the first run after its time.
"""

import datetime
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from influencers.formatting import group_digits
from newsletter.emails import build_email, open_mailer
from newsletter.milestones import crossed_milestones
from newsletter.models import ArticleFrequency, Delivery, Subscriber
from safeguards.text import header_text


@dataclass
class Dispatch:
    """One item (its delivery key, subject and template) and who should get it."""

    item: str
    kind: str
    subject: str
    template: str
    audience: QuerySet
    context: dict = field(default_factory=dict)

    def recipients(self):
        """The audience minus those who already hold a delivery of this item."""
        return self.audience.not_yet_sent(self.item)


# How long an email may stay claimed without being marked sent or failed before it
# counts as lost in a crash: far longer than sending one email takes (the SMTP
# connection's timeout is 10 seconds), so a live run's claim never goes stale.
CLAIM_TIMEOUT = datetime.timedelta(minutes=15)


@dataclass
class Outcome:
    sent: int = 0
    refused: int = 0

    def count(self, delivery):
        if delivery.status == Delivery.Status.SENT:
            self.sent += 1
        else:
            self.refused += 1


class SendingInterrupted(Exception):
    """The mail server failed: a rerun sends what was not sent."""

    def __init__(self, error):
        super().__init__(str(error) or type(error).__name__)


def due_dispatches(now=None):
    now = now or timezone.now()
    return [*article_dispatches(now), *digest_dispatches(now), *milestone_dispatches(now)]


def follows_any(influencer_ids):
    return Exists(
        Subscriber.influencers.through.objects.filter(
            subscriber=OuterRef("pk"), influencer__in=influencer_ids
        )
    )


def article_dispatches(now):
    """Each article published within the lookback, to those who confirmed before it
    came out and want every article, or follow one of its influencers."""
    since = now - datetime.timedelta(days=settings.NEWSLETTER_LOOKBACK_DAYS)
    articles = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .prefetch_related("influencers")
        .order_by("published_at", "pk")
    )
    for article in articles:
        influencer_ids = [influencer.pk for influencer in article.influencers.all()]
        wants = Q(articles=ArticleFrequency.IMMEDIATE)
        if influencer_ids:
            wants |= follows_any(influencer_ids)
        yield Dispatch(
            item=f"article:{article.pk}",
            kind=Delivery.Kind.ARTICLE,
            subject=article.title,
            template="article",
            audience=Subscriber.objects.confirmed().filter(
                wants, confirmed_at__lte=article.published_at
            ),
            context={"article": article},
        )


def week_start(moment):
    """Monday 00:00, local time, of the week holding `moment`."""
    day = timezone.localtime(moment).date()
    monday = day - datetime.timedelta(days=day.weekday())
    return timezone.make_aware(datetime.datetime.combine(monday, datetime.time()))


def digest_dispatches(now):
    """Last week's articles (Monday to Sunday, Paris time), from the first run of the
    week on, to weekly subscribers who had confirmed by the end of that week."""
    end = week_start(now)
    start = week_start(end - datetime.timedelta(days=1))
    articles = list(
        Article.objects.published()
        .filter(published_at__gte=start, published_at__lt=end)
        .order_by("published_at", "pk")
    )
    if not articles:
        return
    year, week, _weekday = timezone.localtime(start).isocalendar()
    yield Dispatch(
        item=f"digest:{year}-W{week:02d}",
        kind=Delivery.Kind.DIGEST,
        subject=_("La semaine de %(site)s : %(count)s article(s)")
        % {"site": settings.SITE_NAME, "count": len(articles)},
        template="digest",
        audience=Subscriber.objects.confirmed().filter(
            articles=ArticleFrequency.WEEKLY, confirmed_at__lt=end
        ),
        context={"articles": articles, "week_start": start},
    )


def milestone_dispatches(now):
    """Each recent milestone, to the confirmed followers of its influencer who had
    confirmed by the day it was recorded."""
    for milestone in crossed_milestones(followed_by=Subscriber.objects.confirmed()):
        account = milestone.account
        yield Dispatch(
            item=milestone.item,
            kind=Delivery.Kind.MILESTONE,
            subject=_("%(name)s dépasse %(count)s %(audience)s sur %(platform)s")
            % {
                "name": account.influencer.name,
                "count": group_digits(milestone.threshold),
                "audience": account.platform.audience_word or _("abonnés"),
                "platform": account.platform.name,
            },
            template="milestone",
            audience=Subscriber.objects.confirmed().filter(
                influencers=account.influencer_id, confirmed_at__date__lte=milestone.reached_on
            ),
            context={"milestone": milestone, "account": account},
        )


def send_dispatch(dispatch, run, batch_size=None, progress=None, outcome=None):
    """Send `dispatch` to every recipient who has not had it, reading `batch_size` at a time.

    Each email is claimed just before it leaves (its delivery inserted: the unique
    constraint lets only one run win it, so concurrent or repeated runs never send it
    twice) and marked sent as soon as the mail server has accepted it. A crash, even
    SIGKILL, therefore leaves at most one email uncertain: the one in flight, still
    claimed; `release_stale_claims()` hands it to a later run after CLAIM_TIMEOUT.
    A recipient the server refuses, or whose stored address cannot be written, is
    marked failed for good. Any other mail-server failure stops the sending with
    SendingInterrupted; `outcome` (pass one to add up several dispatches) then counts
    what went out before it, and a rerun sends the rest.
    """
    batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    outcome = outcome if outcome is not None else Outcome()
    subject = header_text(dispatch.subject)
    try:
        mailer = open_mailer()
    except (smtplib.SMTPException, OSError) as error:
        raise SendingInterrupted(error) from error
    try:
        while batch := list(dispatch.recipients().order_by("pk").only("pk", "email")[:batch_size]):
            for subscriber in batch:
                if delivery := claim(dispatch, run, subscriber, subject):
                    send_one(mailer, delivery, build_email_for(subscriber, subject, dispatch))
                    outcome.count(delivery)
            if progress:
                progress(len(batch))
    finally:
        mailer.close()
    return outcome


def build_email_for(subscriber, subject, dispatch):
    return build_email(subscriber, subject, dispatch.template, dispatch.context)


def send_one(mailer, delivery, message):
    """Send one claimed email and record its fate on `delivery`."""
    try:
        # The message's headers are written inside send_messages(), before any byte
        # leaves: an address stored unwritable raises ValueError there.
        mailer.send_messages([message])
    except (smtplib.SMTPRecipientsRefused, ValueError):
        delivery.status = Delivery.Status.FAILED
    except smtplib.SMTPResponseException as error:
        # The server answered with an error: the email was not accepted, give it back.
        delivery.delete()
        raise SendingInterrupted(error) from error
    except (smtplib.SMTPException, OSError) as error:
        # The connection broke mid-conversation: the server may have kept the email.
        # It stays claimed (uncertain) until release_stale_claims() gives it back.
        raise SendingInterrupted(error) from error
    else:
        delivery.status, delivery.sent_at = Delivery.Status.SENT, timezone.now()
    delivery.save(update_fields=["status", "sent_at"])


def claim(dispatch, run, subscriber, subject):
    """The delivery this run claimed for `subscriber`, or None if another run holds it."""
    try:
        with transaction.atomic():
            return Delivery.objects.create(
                subscriber=subscriber,
                item=dispatch.item,
                kind=dispatch.kind,
                subject=subject[:200],
                run=run,
            )
    except IntegrityError:
        return None


def release_stale_claims(now=None):
    """Delete claims older than CLAIM_TIMEOUT that never became sent or failed; return how
    many. Such a claim is an email a killed run had in flight: whether the server kept it
    is unknown, and the next run sends it (at most one per crash may so arrive twice)."""
    stale = (now or timezone.now()) - CLAIM_TIMEOUT
    deleted, _ = Delivery.objects.filter(
        status=Delivery.Status.CLAIMED, claimed_at__lt=stale
    ).delete()
    return deleted
