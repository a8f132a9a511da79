from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from influencers.models import Account, FollowerSnapshot, Influencer, Platform


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "audience_word", "color", "position", "account_count"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(account_count=Count("accounts"))

    @admin.display(description=_("comptes"), ordering="account_count")
    def account_count(self, platform):
        return platform.account_count


class AccountInline(admin.TabularInline):
    model = Account
    extra = 1
    fields = ["platform", "handle", "url", "is_active"]


@admin.register(Influencer)
class InfluencerAdmin(admin.ModelAdmin):
    list_display = ["name", "headline", "country", "is_published", "account_count", "updated_at"]
    list_filter = ["is_published", "country", "accounts__platform"]
    search_fields = ["name", "headline", "affiliations"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AccountInline]
    actions = ["publish", "unpublish"]

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

    @admin.action(description=_("Publier les influenceurs sélectionnés"))
    def publish(self, request, queryset):
        updated = queryset.update(is_published=True)
        self.message_user(request, _("%(count)d influenceur(s) publié(s).") % {"count": updated})

    @admin.action(description=_("Dépublier les influenceurs sélectionnés"))
    def unpublish(self, request, queryset):
        updated = queryset.update(is_published=False)
        self.message_user(request, _("%(count)d influenceur(s) dépublié(s).") % {"count": updated})


class SnapshotInline(admin.TabularInline):
    model = FollowerSnapshot
    extra = 1
    fields = ["recorded_on", "followers", "source", "note", "recorded_by"]
    readonly_fields = ["recorded_by"]
    ordering = ["-recorded_on"]
    max_num = 1000

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recorded_by")


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["__str__", "handle", "platform", "is_active"]
    list_filter = ["platform", "is_active"]
    list_select_related = ["influencer", "platform"]
    search_fields = ["handle", "influencer__name", "platform__name"]
    autocomplete_fields = ["influencer", "platform"]


@admin.register(FollowerSnapshot)
class FollowerSnapshotAdmin(admin.ModelAdmin):
    list_display = [
        "account", "recorded_on", "followers", "source", "recorded_by", "updated_at",
    ]  # fmt: skip
    list_filter = ["source", "account__platform", "recorded_on"]
    list_select_related = ["account__influencer", "account__platform", "recorded_by"]
    search_fields = ["account__influencer__name", "account__handle", "note"]
    autocomplete_fields = ["account"]
    date_hierarchy = "recorded_on"
    readonly_fields = ["recorded_by", "created_at", "updated_at"]
    fields = ["account", "recorded_on", "followers", "source", "note", *readonly_fields]

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
