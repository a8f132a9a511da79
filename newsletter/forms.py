"""The subscription form (footer and page) and the preferences form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from influencers.models import Influencer
from newsletter.models import ArticleFrequency, Consent, Subscriber

# Shown next to the button and stored with each request as the proof of what was asked.
CONSENT_WORDING = _(
    "J'accepte de recevoir par e-mail ce que j'ai choisi ci-dessus. Un lien de confirmation "
    "m'est d'abord envoyé ; chaque e-mail contient un lien de désinscription en un clic."
)
NOTHING_CHOSEN = _("Choisissez au moins les articles ou un influenceur à suivre.")


class InfluencerChoiceField(forms.ModelMultipleChoiceField):
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
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Subscriber
        fields = ["articles", "influencers"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("articles") == ArticleFrequency.NONE and not cleaned.get("influencers"):
            raise forms.ValidationError(NOTHING_CHOSEN, code="nothing")
        return cleaned


class SubscriptionForm(PreferencesForm):
    """Email and choices. `website` is a honeypot: hidden from people by CSS, filled
    by form-spamming robots; a request that fills it is answered as usual and dropped."""

    email = forms.EmailField(
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

    def clean_email(self):
        # Lower-cased whole: one row per mailbox, and the rate limit counts it once.
        return self.cleaned_data["email"].strip().lower()

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
