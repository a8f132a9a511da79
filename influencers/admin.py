import datetime
import io

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, models
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from core.admin_accessibility import AccessibleNamesMixin
from influencers.admin_reviews import AnomalyReviewMixin
from influencers.bulk_entry import record_bulk_entry
from influencers.formatting import group_digits
from influencers.forms import (
    MAX_UPLOAD_ROWS,
    BulkEntryFilterForm,
    BulkEntryForm,
    CsvConfirmForm,
    CsvUploadForm,
    hold_upload,
)
from influencers.imports import CONCURRENT_CHANGE, import_followers_csv
from influencers.models import (
    Account,
    Event,
    FollowerSnapshot,
    Influencer,
    Platform,
    latest_snapshot_before,
)
from influencers.signals import influencers_changed
from safeguards.tags import BOUNDED_TAGS
from safeguards.uploads import SAFE_IMAGES

# Every account of a page is one input; 500 stay quick to fill and to save, and keep
# the POST well under Django's DATA_UPLOAD_MAX_NUMBER_FIELDS (1 000).
ANOMALY_FLAGGED = _(
    "%(snapshot)s : valeur hors de la tendance du compte, enregistrée « à vérifier »."
)
BULK_ENTRY_PAGE_SIZE = 500
STALE_PAGE_SIZE = 100


@admin.register(Platform)
class PlatformAdmin(AccessibleNamesMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "audience_word", "color", "position", "account_count"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(account_count=Count("accounts"))

    @admin.display(description=_("comptes"), ordering="account_count")
    def account_count(self, platform):
        return platform.account_count


class AccountInline(AccessibleNamesMixin, admin.TabularInline):
    model = Account
    extra = 1
    fields = ["platform", "handle", "url", "is_active"]


@admin.register(Influencer)
class InfluencerAdmin(AccessibleNamesMixin, admin.ModelAdmin):
    list_display = ["name", "headline", "country", "is_published", "account_count", "updated_at"]
    list_filter = ["is_published", "country", "accounts__platform"]
    search_fields = ["name", "headline", "affiliations"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AccountInline]
    actions = ["publish", "unpublish"]
    # The photo is checked and re-encoded like article images (no EXIF, size limits);
    # a tag too long for its column is a message, not an error page.
    formfield_overrides = {models.ImageField: SAFE_IMAGES, TaggableManager: BOUNDED_TAGS}
    # Explicit: the Count annotation drops Meta.ordering, and the autocomplete paginates.
    ordering = ["name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(account_count=Count("accounts", distinct=True))
            .prefetch_related("tags")
        )

    @admin.display(description=_("comptes"), ordering="account_count")
    def account_count(self, influencer):
        return influencer.account_count

    # Publishing is changing the influencer: Rédacteurs and data staff, who only view
    # influencers, are neither offered these actions nor allowed to post them.
    @admin.action(description=_("Publier les influenceurs sélectionnés"), permissions=["change"])
    def publish(self, request, queryset):
        updated = self._set_published(request, queryset, True)
        self.message_user(request, _("%(count)d influenceur(s) publié(s).") % {"count": updated})

    @admin.action(description=_("Dépublier les influenceurs sélectionnés"), permissions=["change"])
    def unpublish(self, request, queryset):
        updated = self._set_published(request, queryset, False)
        self.message_user(request, _("%(count)d influenceur(s) dépublié(s).") % {"count": updated})

    def _set_published(self, request, queryset, is_published):
        """Set the flag on the selected influencers that lack it; log each one changed."""
        changing = list(queryset.exclude(is_published=is_published))
        pks = [influencer.pk for influencer in changing]
        updated = Influencer.objects.filter(pk__in=pks).update(is_published=is_published)
        # update() sends no post_save: announce the change so cached pages are refreshed.
        influencers_changed.send(sender=Influencer, pks=pks)
        message = gettext("Publié.") if is_published else gettext("Dépublié.")
        for influencer in changing:
            self.log_change(request, influencer, message)
        return updated


class StalenessFilter(admin.SimpleListFilter):
    title = _("fraîcheur des relevés")
    parameter_name = "fraicheur"

    def lookups(self, request, model_admin):
        return [("a-mettre-a-jour", _("À mettre à jour"))]

    def queryset(self, request, queryset):
        if self.value() == "a-mettre-a-jour":
            return queryset.filter(pk__in=Account.objects.stale().values("pk"))
        return queryset


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["__str__", "handle", "platform", "is_active", "latest_recorded_on"]
    list_filter = [StalenessFilter, "platform", "is_active"]
    list_select_related = ["influencer", "platform"]
    search_fields = ["handle", "influencer__name", "platform__name"]
    autocomplete_fields = ["influencer", "platform"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(latest_recorded_on=latest_snapshot_before(field="recorded_on"))
        )

    @admin.display(description=_("dernier relevé"), ordering="latest_recorded_on")
    def latest_recorded_on(self, account):
        return account.latest_recorded_on


@admin.register(FollowerSnapshot)
class FollowerSnapshotAdmin(AnomalyReviewMixin, admin.ModelAdmin):
    list_display = [
        "account", "recorded_on", "followers", "source", "review",
        "recorded_by", "created_at", "updated_by", "updated_at",
    ]  # fmt: skip
    list_filter = ["review", "source", "account__platform", "recorded_on"]
    list_select_related = [
        "account__influencer", "account__platform", "recorded_by", "updated_by",
    ]  # fmt: skip
    search_fields = ["account__influencer__name", "account__handle", "note"]
    autocomplete_fields = ["account"]
    date_hierarchy = "recorded_on"
    readonly_fields = ["review", "explained_by", "reviewed_by", "reviewed_at",
                       "recorded_by", "created_at", "updated_by", "updated_at"]  # fmt: skip
    fields = ["account", "recorded_on", "followers", "source", "source_url", "note",
              *readonly_fields]  # fmt: skip

    def save_model(self, request, obj, form, change):
        # The audit trail: who entered the snapshot stays, who changed it last is added.
        if change:
            obj.updated_by = request.user
        else:
            obj.recorded_by = request.user
        # A new or changed figure is judged against the account's trend.
        if not change or {"account", "recorded_on", "followers"} & set(form.changed_data):
            obj.judge()
            if obj.needs_review:
                self.message_user(request, ANOMALY_FLAGGED % {"snapshot": obj}, messages.WARNING)
        super().save_model(request, obj, form, change)

    def get_urls(self):
        def view(function, name):
            return path(
                name.replace("_", "-") + "/",
                self.admin_site.admin_view(function),
                name=f"influencers_followersnapshot_{name}",
            )

        return [
            view(self.bulk_entry_view, "bulk_entry"),
            view(self.import_view, "import"),
            view(self.stale_view, "stale"),
            *self.review_urls(),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {"can_record": self.can_record(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def can_record(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def screen_context(self, request, title, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **context,
        }

    # -- Bulk entry -------------------------------------------------------------

    def bulk_entry_view(self, request):
        """Every active account with its latest count and an input for today's count."""
        if not self.can_record(request):
            raise PermissionDenied
        filters = BulkEntryFilterForm(request.GET or None)
        accounts = (
            filters.filter(Account.objects.active())
            .select_related("influencer", "platform")
            .with_latest_snapshot()
            .order_by("influencer__name", "platform__position", "platform__name", "pk")
        )
        page = Paginator(accounts, BULK_ENTRY_PAGE_SIZE).get_page(request.GET.get("page"))
        page_accounts = list(page.object_list)
        form = BulkEntryForm(page_accounts, request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                planned = record_bulk_entry(
                    form.cleaned_data["counts"], form.cleaned_data["recorded_on"], user=request.user
                )
            except IntegrityError:
                form.add_error(None, CONCURRENT_CHANGE)
            else:
                self.report_bulk_entry(request, planned, page_accounts, form.cleaned_data)
                return redirect(request.get_full_path())
        context = self.screen_context(
            request,
            gettext("Saisie groupée des abonnés"),
            filters=filters,
            form=form,
            page=page,
            suspicious_ratio=settings.FOLLOWER_SUSPICIOUS_RATIO,
        )
        return TemplateResponse(
            request, "admin/influencers/followersnapshot/bulk_entry.html", context
        )

    def report_bulk_entry(self, request, planned, accounts, cleaned):
        labels = {account.pk: str(account) for account in accounts}
        day = cleaned["recorded_on"].strftime("%d/%m/%Y")
        by_action = {"create": [], "update": [], "unchanged": []}
        for row in planned:
            shown = f"{labels[row.account_id]} ({group_digits(row.followers)})"
            by_action[row.action].append(shown)
        titles = {
            "create": gettext("Relevés du %(day)s créés (%(count)d) : %(rows)s"),
            "update": gettext("Relevés du %(day)s mis à jour (%(count)d) : %(rows)s"),
            "unchanged": gettext("Déjà enregistrés à l'identique (%(count)d) : %(rows)s"),
        }
        for action, rows in by_action.items():
            if rows:
                level = messages.INFO if action == "unchanged" else messages.SUCCESS
                text = titles[action] % {"day": day, "count": len(rows), "rows": ", ".join(rows)}
                self.message_user(request, text, level)
        flagged = [f"{labels[row.account_id]} ({group_digits(row.followers)})"
                   for row in planned if row.to_review]  # fmt: skip
        if flagged:
            text = gettext("Hors de la tendance du compte, à vérifier (%(count)d) : %(rows)s")
            self.message_user(
                request,
                text % {"count": len(flagged), "rows": ", ".join(flagged)},
                messages.WARNING,
            )

    # -- CSV import -------------------------------------------------------------

    def import_view(self, request):
        """Upload → preview → confirm. Nothing is written before the confirmation."""
        if not self.can_record(request):
            raise PermissionDenied
        template = "admin/influencers/followersnapshot/import.html"
        upload_form, report, token = CsvUploadForm(), None, None
        if request.method == "POST" and "token" in request.POST:
            confirm_form = CsvConfirmForm(request.user, request.POST)
            if confirm_form.is_valid():
                report = import_followers_csv(
                    io.BytesIO(confirm_form.content), user=request.user, max_rows=MAX_UPLOAD_ROWS
                )
                if report.written:
                    confirm_form.forget_upload()
                    self.message_user(request, report.summary(), messages.SUCCESS)
                    return redirect("admin:influencers_followersnapshot_changelist")
            else:
                for error in confirm_form.errors["token"]:
                    self.message_user(request, error, messages.ERROR)
        elif request.method == "POST":
            upload_form = CsvUploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                content = upload_form.cleaned_data["file"].read()
                report = import_followers_csv(
                    io.BytesIO(content), commit=False, max_rows=MAX_UPLOAD_ROWS, sample_size=100
                )
                if report.is_valid and report.created + report.updated:
                    token = hold_upload(request.user, content)
        context = self.screen_context(
            request,
            gettext("Importer des relevés (CSV)"),
            upload_form=upload_form,
            report=report,
            token=token,
            max_upload_rows=MAX_UPLOAD_ROWS,
        )
        return TemplateResponse(request, template, context)

    # -- Staleness --------------------------------------------------------------

    def stale_view(self, request):
        """Active accounts whose latest count is older than FOLLOWER_STALE_AFTER_DAYS."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        after_days = settings.FOLLOWER_STALE_AFTER_DAYS
        page = Paginator(Account.objects.stale(after_days), STALE_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context = self.screen_context(
            request,
            gettext("Comptes à mettre à jour"),
            page=page,
            after_days=after_days,
            limit=timezone.localdate() - datetime.timedelta(days=after_days),
            can_record=self.can_record(request),
        )
        return TemplateResponse(request, "admin/influencers/followersnapshot/stale.html", context)


@admin.register(Event)
class EventAdmin(AccessibleNamesMixin, admin.ModelAdmin):
    """Events that explain a history, marked on the charts they concern."""

    list_display = ["happened_on", "kind", "label", "account", "influencer", "platform"]
    list_filter = ["kind", "platform", "happened_on"]
    list_select_related = ["account__influencer", "account__platform", "influencer", "platform"]
    search_fields = ["label", "influencer__name", "account__handle", "platform__name"]
    autocomplete_fields = ["account", "influencer", "platform"]
    date_hierarchy = "happened_on"
    readonly_fields = ["created_by", "created_at"]
    fieldsets = [
        (None, {"fields": ["happened_on", "kind", "label", "url"]}),
        (
            _("Concerne (un seul des trois)"),
            {"fields": ["account", "influencer", "platform"]},
        ),
        (None, {"fields": readonly_fields}),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
