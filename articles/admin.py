from django import forms
from django.contrib import admin, messages
from django.contrib.redirects.models import Redirect
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from taggit.managers import TaggableManager
from taggit.models import Tag

from articles.admin_tags import TagAdmin
from articles.content_checks import content_warnings
from articles.forms import AUTHOR_STATUSES, ArticleAdminForm, RedirectForm
from articles.models import (
    Article,
    ArticleImage,
    Author,
    CitedFigure,
    Embed,
    Series,
    SeriesPart,
    ShareLink,
)
from articles.revisions import body_diff, field_changes
from articles.templatetags.seo_tags import absolute_url
from core.admin_accessibility import AccessibleNamesMixin
from core.redirects import record_move
from influencers.formatting import group_digits
from safeguards import uploads
from safeguards.tags import BOUNDED_TAGS

# Uploads re-encoded under random names, tags that fit their column.
SAFE_INPUT = {models.ImageField: uploads.SAFE_IMAGES, TaggableManager: BOUNDED_TAGS}
FOLDED = ["collapse"]


def can_publish(user):
    return user.has_perm("articles.publish_article")


@admin.register(Author)
class AuthorAdmin(AccessibleNamesMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "user__username"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
    formfield_overrides = SAFE_INPUT


class EditableWithTheArticle:
    """Inline rows are editable exactly when their article is (a Rédacteur: until published)."""

    def _article_is_editable(self, request, article):
        article_admin = self.admin_site.get_model_admin(Article)
        return article is None or article_admin.has_change_permission(request, article)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._article_is_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and self._article_is_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and self._article_is_editable(request, obj)


class CitedFigureInline(EditableWithTheArticle, AccessibleNamesMixin, admin.TabularInline):
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
        snapshot = figure.snapshot
        return f"{group_digits(snapshot.followers)} ({snapshot.recorded_on:%d/%m/%Y})"


class ArticleImageInline(EditableWithTheArticle, AccessibleNamesMixin, admin.StackedInline):
    model = ArticleImage
    extra = 0
    fields = ["image", "alt", "credit", "position", "address_to_insert"]
    readonly_fields = ["address_to_insert"]
    formfield_overrides = SAFE_INPUT

    @admin.display(description=_("adresse à insérer dans le texte"))
    def address_to_insert(self, article_image):
        if not article_image.pk:
            return _("Enregistrez l'article pour obtenir l'adresse de l'image.")
        return format_html(
            "<code>{}</code><br>{}",
            article_image.image.url,
            _("Dans le texte, bouton « Figure » : collez cette adresse et écrivez la légende."),
        )


class EmbedInline(EditableWithTheArticle, admin.StackedInline):
    model = Embed
    extra = 0
    fields = ["url", "account_name", "quote", "posted_on", "position"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["url"].help_text = _(
            "Facebook, X (Twitter), Instagram, YouTube ou LinkedIn. Pour placer la carte dans "
            "le texte, mettez ce lien seul dans un paragraphe ; sinon elle suit le texte."
        )
        return formset


class ShareLinkForm(forms.ModelForm):
    # Revoking stamps `revoked_at`, which is the state itself (ShareLink.is_revoked).
    is_revoked = forms.BooleanField(label=_("révoqué"), required=False)

    def __init__(self, *args, instance=None, initial=None, **kwargs):
        if instance is not None:
            initial = {"is_revoked": instance.is_revoked, **(initial or {})}
        super().__init__(*args, instance=instance, initial=initial, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        self.instance.is_revoked = cleaned_data.get("is_revoked", False)
        return cleaned_data

    def has_changed(self):
        # A row added with the button is a request for a link, even with the default expiry.
        return self.instance._state.adding or super().has_changed()


class ShareLinkInline(EditableWithTheArticle, AccessibleNamesMixin, admin.TabularInline):
    """Share links of the article: add one to send the draft to someone without an account."""

    model = ShareLink
    form = ShareLinkForm
    extra = 0
    fields = ["address", "expires_at", "is_revoked", "created_by", "created_at"]
    readonly_fields = ["address", "created_by", "created_at"]
    verbose_name = _("lien de partage (aperçu sans compte)")
    verbose_name_plural = _("liens de partage (aperçu sans compte)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")

    @admin.display(description=_("adresse à envoyer"))
    def address(self, link):
        if not link.pk:
            return _("Enregistrez pour obtenir l'adresse.")
        url = absolute_url(link.get_absolute_url())
        state = "" if link.is_active else _(" (inactif)")
        return format_html("<code>{}</code>{}", url, state)


@admin.register(Article)
class ArticleAdmin(AccessibleNamesMixin, SimpleHistoryAdmin):
    """Articles for Éditeurs (everything) and Rédacteurs (their own drafts, no publishing).

    Every save is kept as a revision (django-simple-history): the history
    screen lists them, compares two of them, and lets an Éditeur restore one.
    """

    form = ArticleAdminForm
    formfield_overrides = SAFE_INPUT
    list_display = ["title", "publication_state", "published_at", "is_featured", "author_names",
                    "preview_link"]  # fmt: skip
    list_filter = ["status", "is_featured", "authors", "tags"]
    search_fields = ["title", "standfirst", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["authors", "influencers"]
    inlines = [ArticleImageInline, EmbedInline, CitedFigureInline, ShareLinkInline]
    actions = ["submit_for_review", "publish", "unpublish"]
    history_list_display = ["revision_status", "compare_link"]

    class Media:
        js = ["articles/content-checks.js", "articles/writing-room.js", "articles/draft-keeper.js"]

    # Writing first; the rest folds away (Django opens a section holding an error).
    fieldsets = [
        (None, {"fields": ["title", "standfirst", "body", "edited_version"]}),
        (_("Publication"), {"fields": ["status", "published_at", "slug"], "classes": FOLDED}),
        (_("Illustration"), {"fields": ["cover", "cover_alt", "cover_credit"], "classes": FOLDED}),
        (_("Classement"), {"fields": ["authors", "tags", "influencers", "is_featured"],
                           "classes": FOLDED}),
        (_("Référencement"), {"fields": ["seo_title", "seo_description"], "classes": FOLDED}),
    ]  # fmt: skip

    def get_queryset(self, request):
        articles = super().get_queryset(request).prefetch_related("authors")
        return articles.viewable_by(request.user)

    def get_readonly_fields(self, request, obj=None):
        if can_publish(request.user):
            return []
        return ["published_at", "is_featured"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.can_publish = can_publish(request.user)
        return form

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or can_publish(request.user):
            return allowed
        return allowed and obj.is_owned_by(request.user)

    def has_change_permission(self, request, obj=None):
        """Rédacteurs change their own articles until an Éditeur publishes them."""
        allowed = super().has_change_permission(request, obj)
        if obj is None or can_publish(request.user):
            return allowed
        return allowed and obj.is_owned_by(request.user) and obj.status in AUTHOR_STATUSES

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        profile = getattr(request.user, "author_profile", None)
        if not change and profile and not form.instance.authors.exists():
            form.instance.authors.add(profile)

    def save_formset(self, request, form, formset, change):
        if formset.model is ShareLink:
            for link_form in formset.extra_forms:
                link_form.instance.created_by = request.user
        super().save_formset(request, form, formset, change)

    def render_change_form(self, request, context, *args, **kwargs):
        context["conflict"] = getattr(context["adminform"].form, "conflict", None)
        article = kwargs.get("obj")
        context["content_warnings"] = content_warnings(article) if article else None
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(description=_("statut"), ordering="status")
    def publication_state(self, article):
        if article.is_scheduled:
            return _("programmé")
        return article.get_status_display()

    @admin.display(description=_("auteurs"))
    def author_names(self, article):
        return ", ".join(author.name for author in article.authors.all())

    @admin.display(description=_("aperçu"))
    def preview_link(self, article):
        return format_html(
            '<a href="{}">{}</a>', reverse("articles:preview", args=[article.slug]), _("Aperçu")
        )

    @admin.display(description=_("statut"))
    def revision_status(self, record):
        return record.get_status_display()

    @admin.display(description=_("comparer"))
    def compare_link(self, record):
        url = reverse("admin:articles_article_compare", args=[record.id])
        label = _("Voir les changements")
        return format_html('<a href="{}?to={}">{}</a>', url, record.history_id, label)

    @admin.action(description=_("Soumettre à la relecture"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        drafts = queryset.filter(status=Article.Status.DRAFT)
        submitted = self._move_to(request, drafts, Article.Status.REVIEW)
        self.message_user(request, _("%(count)d article(s) en relecture.") % {"count": submitted})

    @admin.action(description=_("Publier les articles sélectionnés"), permissions=["publish"])
    def publish(self, request, queryset):
        published = self._move_to(request, queryset, Article.Status.PUBLISHED)
        self.message_user(request, _("%(count)d article(s) publié(s).") % {"count": published})

    @admin.action(description=_("Dépublier les articles sélectionnés"), permissions=["publish"])
    def unpublish(self, request, queryset):
        published = queryset.filter(status=Article.Status.PUBLISHED)
        unpublished = self._move_to(request, published, Article.Status.DRAFT)
        self.message_user(request, _("%(count)d article(s) dépublié(s).") % {"count": unpublished})

    def _move_to(self, request, articles, status):
        """Save each article with its new status: every move becomes a revision and is logged."""
        now = timezone.now()
        message = _("Statut : %(status)s.") % {"status": Article.Status(status).label}
        moved = 0
        for article in articles:
            article.status = status
            if status == Article.Status.PUBLISHED:
                article.published_at = article.published_at or now
            article._history_user = request.user
            article.save(update_fields=["status", "published_at", "updated_at", "body"])
            self.log_change(request, article, message)
            moved += 1
        return moved

    # Revisions -------------------------------------------------------------

    def revert_disabled(self, request, obj=None):
        return not can_publish(request.user) or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_urls(self):
        compare = self.admin_site.admin_view(self.compare_view)
        return [
            path("<path:object_id>/history/compare/", compare, name="articles_article_compare"),
            *super().get_urls(),
        ]

    def compare_view(self, request, object_id):
        """Two revisions side by side: changed fields, then the body paragraph by paragraph.

        `to` is the newer revision (the latest by default), `from` the older
        one (the revision just before `to` by default).
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        revisions = article.history.select_related("history_user")
        newer = _revision_or_404(revisions, request.GET.get("to")) or revisions.first()
        older = _revision_or_404(revisions, request.GET.get("from")) or (
            revisions.filter(history_date__lt=newer.history_date).first()
        )
        if older is None:
            messages.info(request, _("C'est la première révision : rien à comparer."))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Changements de « %(title)s »") % {"title": article.title},
            "article": article,
            "older": older,
            "newer": newer,
            "changes": field_changes(older, newer) if older else [],
            "body_diff": body_diff(older.body, newer.body) if older else [],
            "revert_disabled": self.revert_disabled(request, article),
            "revisions": revisions,
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)


def _revision_or_404(revisions, history_id):
    if not history_id:
        return None
    if not history_id.isdigit():
        raise Http404(_("Révision inconnue."))
    return get_object_or_404(revisions, history_id=history_id)


# django-taggit's own admin, with its merge screen kept to those who may delete tags.
admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)

# django.contrib.redirects' own admin, with the site fixed and the addresses checked.
admin.site.unregister(Redirect)


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Redirects, kept automatically when a slug changes, or added by hand by Éditeurs."""

    form = RedirectForm
    list_display = ["old_path", "new_path"]
    search_fields = ["old_path", "new_path"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Redirects that led to this old address now lead to its target: one hop.
        record_move(obj.old_path, obj.new_path)


class SeriesPartInline(AccessibleNamesMixin, admin.TabularInline):
    model = SeriesPart
    extra = 1
    fields = ["position", "article"]
    autocomplete_fields = ["article"]


@admin.register(Series)
class SeriesAdmin(AccessibleNamesMixin, admin.ModelAdmin):
    """Series for Éditeurs: the articles in reading order (only published ones show)."""

    list_display = ["title", "slug", "part_count"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SeriesPartInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(part_count=models.Count("parts"))

    @admin.display(description=_("articles"), ordering="part_count")
    def part_count(self, series):
        return series.part_count
