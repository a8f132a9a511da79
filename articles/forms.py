"""Admin forms for articles: the publication rules, edit conflicts."""

from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from articles.models import Article
from articles.revisions import body_diff
from articles.sanitizer import sanitize_html

AUTHOR_STATUSES = (Article.Status.DRAFT, Article.Status.REVIEW)


class ArticleAdminForm(forms.ModelForm):
    """The article form of the admin.

    `can_publish` is set by the admin for the user (Éditeurs): without it the
    status offers only draft and review, whatever is POSTed. `edited_version` carries
    the article's version when the form was opened; saving a form opened
    before someone else's save is refused, with both texts kept for
    reconciliation (`conflict` is then the article as it is now).
    """

    can_publish = False
    edited_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = ["title", "slug", "standfirst", "body", "cover", "cover_alt", "cover_credit",
                  "authors", "tags", "influencers", "is_featured", "status", "published_at",
                  "seo_title", "seo_description"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            # From the database, not the instance: restoring a revision opens the
            # form on an old copy, yet it must save over the current one.
            self.fields["edited_version"].initial = self._current_version()
        if not self.can_publish and "status" in self.fields:
            self.fields["status"].choices = [
                choice for choice in Article.Status.choices if choice[0] in AUTHOR_STATUSES
            ]
            self.fields["status"].help_text = _(
                "Passez l'article « en relecture » quand il est prêt : un éditeur le publiera."
            )

    def _current_version(self, lock=False):
        articles = Article.objects.filter(pk=self.instance.pk)
        if lock:
            # Held until the admin's transaction commits the save: two forms
            # validated at the same moment cannot both pass the check.
            articles = articles.select_for_update()
        return articles.values_list("version", flat=True).first()

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and cleaned_data.get("edited_version") != self._current_version(
            lock=True
        ):
            self._report_conflict()
        return cleaned_data

    def _report_conflict(self):
        self.conflict = Article.objects.get(pk=self.instance.pk)
        last_change = self.conflict.history.select_related("history_user").first()
        who = getattr(last_change and last_change.history_user, "username", None) or _(
            "quelqu'un d'autre"
        )
        # Re-rendered with the current version, so saving again after
        # reconciling is accepted.
        self.data = self.data.copy()
        self.data[self.add_prefix("edited_version")] = self.conflict.version
        raise forms.ValidationError(
            _(
                "Cet article a été modifié par %(who)s le %(when)s pendant que vous l'éditiez. "
                "Rien n'a été enregistré : comparez votre texte avec la version actuelle "
                "ci-dessous, reportez ce que vous voulez garder, puis enregistrez à nouveau."
            )
            % {
                "who": who,
                "when": date_format(localtime(self.conflict.updated_at), "j F Y à H:i"),
            },
            code="edit_conflict",
        )

    @property
    def submitted_body(self):
        """The body this form tried to save, sanitized for display next to the current one."""
        return sanitize_html(self.data.get(self.add_prefix("body"), ""))

    @property
    def conflict_differences(self):
        """Paragraphs only in the current text ("removed") or only in this form's ("added")."""
        return [
            (kind, block)
            for kind, block in body_diff(self.conflict.body, self.submitted_body)
            if kind != "same"
        ]
