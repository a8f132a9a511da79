"""Admin forms for articles: the publication rules, edit conflicts."""

from django import forms
from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from articles.models import Article
from articles.redirects import is_public_page
from articles.revisions import body_diff
from articles.sanitizer import sanitize_html
from safeguards.text import single_line

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


class RedirectForm(forms.ModelForm):
    """A redirect typed by an editor: from an address readers no longer find (an old
    site's, say) to a page they do. Since the target must be a live page and the
    source must not be one, a hand-made redirect can neither chain nor loop."""

    class Meta:
        model = Redirect
        fields = ["old_path", "new_path"]
        help_texts = {
            "old_path": _(
                "L'adresse qui ne mène plus nulle part, par exemple /blog/2019/pesquet.html"
            ),
            "new_path": _("La page du site où envoyer le lecteur, par exemple /articles/pesquet/"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.site_id = settings.SITE_ID

    def clean_old_path(self):
        path = self._site_path("old_path")
        if is_public_page(path):
            raise forms.ValidationError(
                _("Cette adresse mène déjà à une page du site : une redirection n'y servirait pas.")
            )
        taken = Redirect.objects.filter(site_id=settings.SITE_ID, old_path=path)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Une redirection part déjà de cette adresse : modifiez-la plutôt.")
            )
        return path

    def clean_new_path(self):
        path = self._site_path("new_path")
        if not is_public_page(path):
            raise forms.ValidationError(
                _(
                    "Aucune page publique à cette adresse : vérifiez-la (un brouillon ou une "
                    "page supprimée ne peuvent pas recevoir de redirection)."
                )
            )
        return path

    def _site_path(self, name):
        path = single_line(self.cleaned_data[name]).strip()
        if not path.startswith("/") or path.startswith("//"):
            raise forms.ValidationError(
                _("Indiquez une adresse de ce site commençant par « / », sans le nom de domaine.")
            )
        return path
