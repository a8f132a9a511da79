"""The data staff's review of anomalies: the list « à vérifier » and the verdict screen.

A mixin for FollowerSnapshotAdmin: extra URLs rendered with the admin's templates.
Viewing needs the snapshot view permission, deciding the change permission (and
creating an event the event add permission).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext

from influencers.anomalies import AnomalyRule, explain
from influencers.formatting import group_digits
from influencers.forms import AnomalyReviewForm
from influencers.models import FollowerSnapshot, ReviewStatus

REVIEW_PAGE_SIZE = 100
# Snapshots shown around the one reviewed, to see the jump in its context.
CONTEXT_BEFORE, CONTEXT_AFTER = 8, 3


class AnomalyReviewMixin:
    def review_urls(self):
        return [
            path(
                "anomalies/",
                self.admin_site.admin_view(self.review_list_view),
                name="influencers_followersnapshot_review_list",
            ),
            path(
                "<int:pk>/verifier/",
                self.admin_site.admin_view(self.review_view),
                name="influencers_followersnapshot_review",
            ),
        ]

    def review_list_view(self, request):
        """Every count « à vérifier », oldest first, with the count before it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        snapshots = (
            FollowerSnapshot.objects.to_review()
            .select_related("account__influencer", "account__platform")
            .annotate(
                previous_followers=previous_of("followers"),
                previous_on=previous_of("recorded_on"),
            )
            .order_by("recorded_on", "pk")
        )
        page = Paginator(snapshots, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
        context = self.screen_context(
            request,
            gettext("Anomalies à vérifier"),
            page=page,
            can_review=self.has_change_permission(request),
        )
        return TemplateResponse(
            request, "admin/influencers/followersnapshot/review_list.html", context
        )

    def review_view(self, request, pk):
        """One anomaly: its context, the rule's figures, and the confirm / correct form."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        snapshot = get_object_or_404(
            FollowerSnapshot.objects.select_related("account__influencer", "account__platform"),
            pk=pk,
        )
        form = AnomalyReviewForm(snapshot, request.POST if request.method == "POST" else None)
        if form.is_valid() and self.record_verdict(request, snapshot, form):
            return redirect("admin:influencers_followersnapshot_review_list")
        context = self.screen_context(
            request,
            gettext("Vérifier un relevé"),
            snapshot=snapshot,
            form=form,
            neighbours=neighbours_of(snapshot),
            figures=rule_figures(snapshot),
        )
        return TemplateResponse(request, "admin/influencers/followersnapshot/review.html", context)

    def record_verdict(self, request, snapshot, form):
        """Apply the form's decision; False (with a form error) when it cannot be done."""
        if form.cleaned_data["decision"] == form.CORRECT:
            snapshot.correct(form.cleaned_data["corrected"], request.user)
            text = gettext("Relevé corrigé : %(account)s, %(count)s le %(day)s.")
            if snapshot.needs_review:
                text += " " + gettext(
                    "Le chiffre corrigé reste hors tendance : toujours à vérifier."
                )
        else:
            event = form.cleaned_data.get("event") or form.new_event()
            if event is not None and event.pk is None:
                if not request.user.has_perm("influencers.add_event"):
                    form.add_error(None, gettext("Vous ne pouvez pas créer d'événement."))
                    return False
                event.created_by = request.user
            with transaction.atomic():
                if event is not None and event.pk is None:
                    event.full_clean()
                    event.save()
                snapshot.confirm(request.user, event)
            text = gettext("Relevé confirmé : %(account)s, %(count)s le %(day)s.")
        self.message_user(
            request,
            text % {"account": snapshot.account, "count": group_digits(snapshot.followers),
                    "day": snapshot.recorded_on.strftime("%d/%m/%Y")},
            messages.SUCCESS,
        )  # fmt: skip
        return True


def previous_of(field):
    """Subquery: a field of the snapshot before this one on its account, anomalies left out."""
    earlier = (
        FollowerSnapshot.objects.filter(
            account=OuterRef("account"), recorded_on__lt=OuterRef("recorded_on")
        )
        .exclude(review=ReviewStatus.TO_REVIEW)
        .order_by("-recorded_on")
        .values(field)[:1]
    )
    return Subquery(earlier)


def neighbours_of(snapshot):
    """A few snapshots before and after the reviewed one, oldest first."""
    snapshots = FollowerSnapshot.objects.filter(account=snapshot.account_id)
    before = snapshots.filter(recorded_on__lt=snapshot.recorded_on).order_by("-recorded_on")
    after = snapshots.filter(recorded_on__gt=snapshot.recorded_on).order_by("recorded_on")
    return [
        *reversed(before[:CONTEXT_BEFORE]),
        snapshot,
        *after[:CONTEXT_AFTER],
    ]


def rule_figures(snapshot):
    """(daily change, usual daily change) the rule compared, or None without history."""
    rule = AnomalyRule.from_settings()
    history = (
        FollowerSnapshot.objects.filter(
            account=snapshot.account_id, recorded_on__lt=snapshot.recorded_on
        )
        .exclude(review=ReviewStatus.TO_REVIEW)
        .order_by("-recorded_on")
        .values_list("recorded_on", "followers")[: rule.window + 1]
    )
    return explain(sorted(history), snapshot.recorded_on, snapshot.followers, rule)
