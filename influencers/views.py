"""Reader pages: the directory, an influencer, platform rankings, comparisons, open data."""

import csv
import json

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from influencers.charts import CHART_POINTS, COMPARED_CHART_POINTS
from influencers.events import attach_events
from influencers.history import accounts_of, attach_sparklines
from influencers.milestones import THRESHOLDS, attach_milestones
from influencers.models import (
    Account,
    Event,
    FollowerSnapshot,
    Influencer,
    Platform,
    SnapshotSource,
    accounts_with_growth,
    number_ranks,
)
from influencers.projections import METHOD as PROJECTION_METHOD
from influencers.timelines import attach_compared_histories, attach_timelines

MIN_COMPARED, MAX_COMPARED = 2, 4
RANKING_ORDERS = {"abonnes": "followers", "croissance": "growth", "pourcentage": "percent"}
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class InfluencerListView(ListView):
    """Influencer cards with a sparkline of each account's last weeks."""

    template_name = "influencers/influencer_list.html"
    context_object_name = "influencers"
    paginate_by = 24

    def get_queryset(self):
        return Influencer.objects.published().prefetch_related(accounts_with_growth())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(platforms=Platform.objects.all(), **kwargs)
        attach_sparklines(context["influencers"])
        return context


class InfluencerDetailView(DetailView):
    """An influencer's accounts with latest counts, growth and a history chart each.

    Articles about the influencer (listed and marked on the charts) come from the
    articles app's template tags, which only see public articles.
    """

    context_object_name = "influencer"

    def get_queryset(self):
        return Influencer.objects.published().prefetch_related(accounts_with_growth())

    def get_context_data(self, **kwargs):
        accounts = self.object.accounts.all()
        attach_timelines(accounts, CHART_POINTS)
        attach_milestones(accounts)
        attach_events(accounts)
        return super().get_context_data(
            has_milestones=any(account.milestones for account in accounts),
            first_threshold=THRESHOLDS[0],
            projection_method=PROJECTION_METHOD,
            **kwargs,
        )


class PlatformRankingView(ListView):
    """Accounts on a platform by latest count, by 30-day gain (`?tri=croissance`) or percentage.

    `?tri=pourcentage` ranks by growth relative to the count 30 days ago.
    """

    template_name = "influencers/platform_ranking.html"
    context_object_name = "accounts"
    paginate_by = 50

    def get_queryset(self):
        self.platform = get_object_or_404(Platform, slug=self.kwargs["slug"])
        # An unknown sort falls back to the default rather than failing the page.
        order = self.request.GET.get("tri")
        self.order = order if order in RANKING_ORDERS else "abonnes"
        return Account.objects.filter(platform=self.platform).ranked(by=RANKING_ORDERS[self.order])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(platform=self.platform, order=self.order, **kwargs)
        number_ranks(context["accounts"], context["page_obj"].start_index())
        return context


def side_by_side(influencers):
    """Per platform any of them uses: (platform, [(influencer, account there or None), …])."""
    rows = {}
    for column, influencer in enumerate(influencers):
        for account in influencer.accounts.all():
            row = rows.setdefault(account.platform, [None] * len(influencers))
            row[column] = row[column] or account
    return [
        (platform, list(zip(influencers, accounts, strict=True)))
        for platform, accounts in sorted(rows.items(), key=lambda item: item[0].position)
    ]


def comparison_problem(slugs, unknown):
    """(HTTP status, message for the reader) when the comparison asked for cannot be drawn."""
    if unknown:
        message = _("Influenceur inconnu : « %(slug)s ». Choisissez-le dans la liste.")
        return 404, message % {"slug": unknown[0]}
    if len(slugs) > MAX_COMPARED:
        return 400, _("Comparez au plus %(max)d influenceurs à la fois.") % {"max": MAX_COMPARED}
    if len(slugs) < MIN_COMPARED:
        # Not an error: the first step of choosing, from an influencer's page.
        return 200, _("Choisissez au moins %(min)d influenceurs à comparer.") % {
            "min": MIN_COMPARED
        }
    return 200, ""


def compare(request):
    """2 to 4 published influencers (`?i=slug&i=slug`), their accounts and histories."""
    slugs = list(dict.fromkeys(request.GET.getlist("i")))[: MAX_COMPARED + 1]
    found = {
        influencer.slug: influencer
        for influencer in Influencer.objects.published()
        .filter(slug__in=slugs)
        .prefetch_related(accounts_with_growth())
    }
    influencers = [found[slug] for slug in slugs if slug in found][:MAX_COMPARED]
    status, problem = comparison_problem(slugs, [slug for slug in slugs if slug not in found])
    context = {"influencers": influencers, "problem": problem}
    if not problem:
        attach_compared_histories(accounts_of(influencers), COMPARED_CHART_POINTS)
        attach_events(accounts_of(influencers))
        context["platforms"] = side_by_side(influencers)
    if len(influencers) < MAX_COMPARED:
        context["candidates"] = (
            Influencer.objects.published().exclude(slug__in=slugs).values_list("slug", "name")
        )
    return render(request, "influencers/compare.html", context, status=status)


def neutralised(cell):
    """The cell as text, with a leading apostrophe if a spreadsheet would run it."""
    text = str(cell)
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


class Echo:
    """A file-like object for csv.writer that hands each line back instead of storing it."""

    def write(self, line):
        return line


def published_snapshots(request, slug):
    """The influencer (published only), the platform asked for, and their snapshots."""
    influencer = get_object_or_404(Influencer.objects.published(), slug=slug)
    platform = None
    if platform_slug := request.GET.get("plateforme"):
        platform = Platform.objects.filter(slug=platform_slug).first()
        if platform is None:
            raise Http404(_("Plateforme inconnue : « %(slug)s ».") % {"slug": platform_slug})
    accounts = Account.objects.public().filter(influencer=influencer)
    if platform is not None:
        accounts = accounts.filter(platform=platform)
    snapshots = FollowerSnapshot.objects.filter(account__in=accounts)
    rows = snapshots.order_by(
        "account__platform__position", "account__handle", "recorded_on"
    ).values_list(*SNAPSHOT_COLUMNS)
    return influencer, platform, rows.iterator(chunk_size=2000), exported_events(accounts)


def exported_events(accounts):
    """Events about these accounts as open-data records, oldest first."""
    events = Event.objects.for_accounts(accounts).select_related("account__platform", "platform")
    return [
        {
            "date": event.happened_on.isoformat(),
            "platform": event.scope_platform.slug if event.scope_platform else "",
            "handle": event.account.handle if event.account else "",
            "kind": event.kind,
            "kind_label": str(event.get_kind_display()),
            "label": event.label,
            "url": event.url,
        }
        for event in events.order_by("happened_on", "pk")
    ]  # fmt: skip


SNAPSHOT_COLUMNS = ("account__platform__slug", "account__handle", "recorded_on", "followers",
                    "source", "source_url", "note", "review")  # fmt: skip
SOURCE_LABELS = {code: str(label) for code, label in SnapshotSource.choices}


def open_data_filename(influencer, platform, extension):
    suffix = f"-{platform.slug}" if platform else ""
    return f"{influencer.slug}{suffix}-abonnes.{extension}"


def open_to_everyone(response):
    """Open data: other sites' scripts may read it too (public figures, no cookies read)."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


# `review` is "to_review" for a count far outside its account's trend not yet checked,
# "confirmed" once checked. Events come after the snapshots, as rows of `record` "event":
# their kind in the source columns, their explanation as the note and no count.
CSV_HEADER = ["influencer", "platform", "handle", "date", "followers", "source", "source_label",
              "source_url", "note", "review", "record"]  # fmt: skip


def followers_csv(request, slug):
    """The follower history as CSV, streamed, with formula-looking cells neutralised.

    Each row says where its figure comes from: the source's code and French label,
    the link to it and the note.
    """
    influencer, platform, rows, events = published_snapshots(request, slug)
    writer = csv.writer(Echo())

    def lines():
        yield writer.writerow(CSV_HEADER)
        for platform_slug, handle, day, followers, source, source_url, note, review in rows:
            cells = [influencer.slug, platform_slug, handle, day.isoformat(), followers, source,
                     SOURCE_LABELS.get(source, source), source_url, note, review,
                     "snapshot"]  # fmt: skip
            yield writer.writerow([neutralised(cell) for cell in cells])
        for event in events:
            cells = [influencer.slug, event["platform"], event["handle"], event["date"], "",
                     event["kind"], event["kind_label"], event["url"], event["label"], "",
                     "event"]  # fmt: skip
            yield writer.writerow([neutralised(cell) for cell in cells])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = open_data_filename(influencer, platform, "csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return open_to_everyone(response)


def followers_json(request, slug):
    """The follower history as JSON, streamed one snapshot at a time."""
    influencer, platform, rows, events = published_snapshots(request, slug)
    head = {
        "influencer": {
            "slug": influencer.slug,
            "name": influencer.name,
            "url": request.build_absolute_uri(influencer.get_absolute_url()),
        },
        "platform": platform.slug if platform else None,
        "note": _(
            "Chaque relevé indique sa provenance ; les sources « estimate » (estimation) et "
            "« illustrative » (démonstration) ne sont pas des mesures ; « review » vaut "
            "« to_review » pour un chiffre hors tendance pas encore vérifié."
        ),
        "sources": SOURCE_LABELS,
        "events": events,
    }

    def chunks():
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "snapshots": ['
        for index, row in enumerate(rows):
            platform_slug, handle, day, followers, source, source_url, note, review = row
            snapshot = {"platform": platform_slug, "handle": handle, "date": day.isoformat(),
                        "followers": followers, "source": source, "source_url": source_url,
                        "note": note, "review": review}  # fmt: skip
            yield ("," if index else "") + json.dumps(snapshot, ensure_ascii=False)
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json")
    filename = open_data_filename(influencer, platform, "json")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return open_to_everyone(response)
