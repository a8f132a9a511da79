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
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from articles.models import Article
from newsletter.emails import build_email, open_mailer
from newsletter.milestones import crossed_milestones
from newsletter.models import ArticleFrequency, Delivery, Subscriber


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


@dataclass
class Outcome:
    sent: int = 0
    refused: int = 0


class SendingInterrupted(Exception):
    """The mail server failed: what was not sent is released for the next run."""


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
                "count": formats.number_format(milestone.threshold, force_grouping=True),
                "audience": account.platform.audience_word or _("abonnés"),
                "platform": account.platform.name,
            },
            template="milestone",
            audience=Subscriber.objects.confirmed().filter(
                influencers=account.influencer_id, confirmed_at__date__lte=milestone.reached_on
            ),
            context={"milestone": milestone, "account": account},
        )


def send_dispatch(dispatch, run, batch_size=None, progress=None):
    """Send `dispatch` to every recipient who has not had it, `batch_size` at a time.

    Per batch, a constant number of queries: read the next recipients, claim them
    (insert their deliveries; the unique constraint lets only one run win each
    row, so concurrent or repeated runs never send twice), read back the claims
    won, then mark them sent. A recipient the server refuses is marked failed for
    good; any other mail-server failure releases the unsent claims and raises
    SendingInterrupted, so the next run retries them.
    """
    batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    outcome = Outcome()
    mailer = open_mailer()
    try:
        while batch := list(dispatch.recipients().order_by("pk").only("pk", "email")[:batch_size]):
            claims = claim(dispatch, run, batch)
            sent, refused = [], []
            try:
                for subscriber in batch:
                    if subscriber.pk not in claims:
                        continue
                    message = build_email(
                        subscriber, dispatch.subject, dispatch.template, dispatch.context
                    )
                    try:
                        mailer.send_messages([message])
                    except smtplib.SMTPRecipientsRefused:
                        refused.append(claims[subscriber.pk])
                        continue
                    sent.append(claims[subscriber.pk])
            except (smtplib.SMTPException, OSError) as error:
                release(claims, sent, refused)
                raise SendingInterrupted(str(error)) from error
            finally:
                record(sent, refused)
            outcome.sent += len(sent)
            outcome.refused += len(refused)
            if progress:
                progress(len(batch))
    finally:
        mailer.close()
    return outcome


def claim(dispatch, run, batch):
    """{subscriber id: delivery id} of the claims this run won in `batch`."""
    Delivery.objects.bulk_create(
        [
            Delivery(
                subscriber=subscriber,
                item=dispatch.item,
                kind=dispatch.kind,
                subject=dispatch.subject[:200],
                run=run,
            )
            for subscriber in batch
        ],
        ignore_conflicts=True,
    )
    won = Delivery.objects.filter(
        run=run, item=dispatch.item, subscriber__in=[subscriber.pk for subscriber in batch]
    )
    return dict(won.values_list("subscriber_id", "pk"))


def record(sent, refused):
    if sent:
        Delivery.objects.filter(pk__in=sent).update(
            status=Delivery.Status.SENT, sent_at=timezone.now()
        )
    if refused:
        Delivery.objects.filter(pk__in=refused).update(status=Delivery.Status.FAILED)


def release(claims, sent, refused):
    done = {*sent, *refused}
    Delivery.objects.filter(pk__in=[pk for pk in claims.values() if pk not in done]).delete()
