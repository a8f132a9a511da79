"""The subscription form (footer and page) and the preferences form."""

from django import forms
from django.db.models import Case, When
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from influencers.models import Influencer
from newsletter.addresses import MailboxFormField
from newsletter.models import ArticleFrequency, Consent, Subscriber

# Shown next to the button and stored with each request as the proof of what was asked.
CONSENT_WORDING = _(
    "J'accepte de recevoir par e-mail ce que j'ai choisi ci-dessus. Un lien de confirmation "
    "m'est d'abord envoyé ; chaque e-mail contient un lien de désinscription en un clic."
)
NOTHING_CHOSEN = _("Choisissez au moins les articles ou un influenceur à suivre.")


class InfluencerCheckboxes(forms.CheckboxSelectMultiple):
    """A checkbox per influencer, with Django's markup, written without a template each.

    Django renders two templates per option: 80 ms for the 500 influencers of the
    benchmark data, on a page that is never cached (it is a form).
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<div><label for="{}"><input type="checkbox" name="{}" value="{}" id="{}"{}> {}'
            "</label></div>",
            (
                (option["attrs"]["id"], option["name"], option["value"], option["attrs"]["id"],
                 mark_safe(" checked") if option["selected"] else "", option["label"])
                for _group, options, _index in widget["optgroups"]
                for option in options
            ),
        )  # fmt: skip
        return format_html(
            '<div id="{}" class="checkbox-list">{}</div>', widget["attrs"]["id"], options
        )


class InfluencerChoiceField(forms.ModelMultipleChoiceField):
    widget = InfluencerCheckboxes

    def label_from_instance(self, influencer):
        return influencer.name


class PreferencesForm(forms.ModelForm):
    articles = forms.ChoiceField(
        label=_("Nouveaux articles"),
        choices=ArticleFrequency,
        initial=ArticleFrequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )
    influencers = InfluencerChoiceField(
        label=_("Influenceurs à suivre (nouveaux articles à leur sujet, paliers d'abonnés)"),
        queryset=Influencer.objects.published().only("pk", "name"),
        required=False,
    )

    class Meta:
        model = Subscriber
        fields = ["articles", "influencers"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "influencers" in self.fields:
            self.list_followed_first()

    def list_followed_first(self):
        """Those already followed (or asked for, `?suivre=`) head the list: among
        hundreds, a reader sees what they chose without scrolling."""
        chosen = [getattr(choice, "pk", choice) for choice in self.get_initial_for_field(
            self.fields["influencers"], "influencers") or ()]  # fmt: skip
        if chosen:
            field = self.fields["influencers"]
            first = Case(When(pk__in=chosen, then=0), default=1)
            field.queryset = field.queryset.order_by(first, "name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("articles") == ArticleFrequency.NONE and not cleaned.get("influencers"):
            raise forms.ValidationError(NOTHING_CHOSEN, code="nothing")
        return cleaned


class SubscriptionForm(PreferencesForm):
    """Email and choices. `website` is a honeypot: hidden from people by CSS, filled
    by form-spamming robots; a request that fills it is answered as usual and dropped."""

    email = MailboxFormField(
        label=_("Adresse e-mail"),
        max_length=254,
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("Cette adresse e-mail n'est pas valide (exemple : prenom@exemple.fr)."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.CharField(
        label=_("Ne remplissez pas ce champ (protection contre les robots)"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    source = forms.ChoiceField(
        choices=[(Consent.Source.FOOTER, ""), (Consent.Source.PAGE, "")],
        initial=Consent.Source.PAGE,
        widget=forms.HiddenInput,
    )

    class Meta(PreferencesForm.Meta):
        fields = ["email", "articles", "influencers"]

    def validate_unique(self):
        # An existing address is not an error: the answer must not tell it apart.
        pass

    @property
    def is_robot(self):
        return bool(self.cleaned_data.get("website"))


class FooterSubscriptionForm(SubscriptionForm):
    """The footer's short version: no influencer list (it would cost a query on every
    page); the choice of influencers is on /newsletter/ and the preferences page."""

    articles = forms.ChoiceField(
        label=_("Recevoir les nouveaux articles"),
        choices=[
            (ArticleFrequency.IMMEDIATE, _("dès leur publication")),
            (ArticleFrequency.WEEKLY, _("en résumé chaque semaine")),
        ],
        initial=ArticleFrequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )

    class Meta(SubscriptionForm.Meta):
        fields = ["email", "articles"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "pied-%s")
        kwargs.setdefault("initial", {"source": Consent.Source.FOOTER})
        super().__init__(*args, **kwargs)
        del self.fields["influencers"]
