from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Author, CitedFigure


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "user__username"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


class CitedFigureInline(admin.TabularInline):
    model = CitedFigure
    extra = 1
    fields = ["account", "cited_on", "position", "resolved_figure"]
    readonly_fields = ["resolved_figure"]
    autocomplete_fields = ["account"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("snapshot", "account__influencer", "account__platform")
        )

    @admin.display(description=_("chiffre retenu"))
    def resolved_figure(self, figure):
        if not figure.snapshot_id:
            return "—"
        return f"{figure.snapshot.followers:,} ({figure.snapshot.recorded_on:%d/%m/%Y})".replace(
            ",", "\u202f"
        )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "is_featured", "author_names"]
    list_filter = ["status", "is_featured", "authors", "tags"]
    search_fields = ["title", "standfirst", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["authors", "influencers"]
    inlines = [CitedFigureInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body"]}),
        (_("Illustration"), {"fields": ["cover", "cover_alt", "cover_credit"]}),
        (_("Classement"), {"fields": ["authors", "tags", "influencers", "is_featured"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Référencement"), {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    @admin.display(description=_("auteurs"))
    def author_names(self, article):
        return ", ".join(author.name for author in article.authors.all())

    @admin.action(description=_("Publier les articles sélectionnés"), permissions=["publish"])
    def publish(self, request, queryset):
        now = timezone.now()
        for article in queryset:
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or now
            article.save(update_fields=["status", "published_at", "updated_at", "body"])
        self.message_user(request, _("%(count)d article(s) publié(s).") % {"count": len(queryset)})

    @admin.action(description=_("Dépublier les articles sélectionnés"), permissions=["publish"])
    def unpublish(self, request, queryset):
        updated = queryset.update(status=Article.Status.DRAFT)
        self.message_user(request, _("%(count)d article(s) dépublié(s).") % {"count": updated})

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")
