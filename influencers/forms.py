"""Forms of the data staff's admin screens: bulk entry, CSV import and anomaly review."""

import hashlib
import secrets

from django import forms
from django.core import signing
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from influencers.bulk_entry import suspicious_counts
from influencers.imports import check_snapshot_date, parse_follower_count
from influencers.models import Event, EventKind, Influencer, Platform
from safeguards.links import validate_web_url

# An admin request must finish well inside the server's timeout: 50 000 rows import in a
# couple of seconds; larger files go through `manage.py import_followers`.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_ROWS = 50_000
# How long an upload waits, between its preview and its confirmation.
PENDING_UPLOAD_SECONDS = 60 * 60
UPLOAD_SALT = "influencers.csv-import"


class BulkEntryFilterForm(forms.Form):
    influencer = forms.ModelChoiceField(
        Influencer.objects.only("name"),
        required=False,
        label=gettext_lazy("Influenceur"),
        empty_label=gettext_lazy("Tous"),
    )
    platform = forms.ModelChoiceField(
        Platform.objects.only("name"),
        required=False,
        label=gettext_lazy("Plateforme"),
        empty_label=gettext_lazy("Toutes"),
    )

    def filter(self, accounts):
        if not self.is_valid():
            return accounts
        if self.cleaned_data["influencer"]:
            accounts = accounts.filter(influencer=self.cleaned_data["influencer"])
        if self.cleaned_data["platform"]:
            accounts = accounts.filter(platform=self.cleaned_data["platform"])
        return accounts


class BulkEntryForm(forms.Form):
    """One date for the batch and one optional count per account shown.

    Counts that look like typos (see `suspicious_counts`) stop the form until the
    confirmation box is ticked; `suspicious` maps their account ids to the reason.
    """

    recorded_on = forms.DateField(
        label=gettext_lazy("Date des relevés"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[check_snapshot_date],
    )
    confirm_suspicious = forms.BooleanField(
        required=False,
        label=gettext_lazy("Je confirme les valeurs signalées"),
    )

    def __init__(self, accounts, *args, **kwargs):
        kwargs.setdefault("initial", {"recorded_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.accounts = accounts
        self.suspicious = {}
        for account in accounts:
            self.fields[self.count_field_name(account.pk)] = forms.CharField(
                required=False,
                label=str(account),
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 12}),
            )

    @staticmethod
    def count_field_name(account_id):
        return f"count_{account_id}"

    def rows(self):
        """(account, its count field, suspicion reason) for the template."""
        return [
            (account, self[self.count_field_name(account.pk)], self.suspicious.get(account.pk))
            for account in self.accounts
        ]

    def clean(self):
        cleaned = super().clean()
        counts = {}
        for account in self.accounts:
            name = self.count_field_name(account.pk)
            text = cleaned.get(name, "")
            if not text.strip():
                continue
            try:
                counts[account.pk] = parse_follower_count(text)
            except ValidationError as error:
                self.add_error(name, error)
        if self.errors or "recorded_on" not in cleaned:
            return cleaned
        if not counts:
            raise ValidationError(_("Saisissez au moins un nombre d'abonnés."), code="empty")
        cleaned["counts"] = counts
        self.suspicious = suspicious_counts(counts, cleaned["recorded_on"])
        if self.suspicious and not cleaned.get("confirm_suspicious"):
            raise ValidationError(
                ngettext(
                    "Une valeur semble suspecte : vérifiez-la, puis cochez la case de "
                    "confirmation pour l'enregistrer.",
                    "%(count)d valeurs semblent suspectes : vérifiez-les, puis cochez la case "
                    "de confirmation pour les enregistrer.",
                    len(self.suspicious),
                )
                % {"count": len(self.suspicious)},
                code="suspicious",
            )
        return cleaned


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV"),
        help_text=gettext_lazy(
            "Colonnes influencer, platform, date, followers ; UTF-8, séparateur virgule ou "
            "point-virgule ; 5 Mo et 50 000 lignes au plus."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _(
                    "Le fichier dépasse 5 Mo : importez-le avec la commande "
                    "« python manage.py import_followers FICHIER.csv »."
                ),
                code="too_big",
            )
        return upload


def hold_upload(user, content):
    """Keep an uploaded file between its preview and its confirmation; return a token.

    The content stays on the server, in the shared cache's alias for work in progress
    (so any app server can confirm it, and no flood of pages pushes it out), under a
    random key bound to the user. The token is signed and carries the content's hash:
    a forged, stale or foreign token finds nothing.
    """
    key = secrets.token_urlsafe(16)
    caches["working"].set(pending_upload_key(user, key), content, PENDING_UPLOAD_SECONDS)
    return signing.dumps(
        {"key": key, "sha256": hashlib.sha256(content).hexdigest()}, salt=UPLOAD_SALT
    )


def pending_upload_key(user, key):
    return f"influencers:pending-upload:{user.pk}:{key}"


class CsvConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_token(self):
        expired = ValidationError(
            _("Cet aperçu a expiré ou n'est plus valable : envoyez le fichier à nouveau."),
            code="expired",
        )
        try:
            claim = signing.loads(
                self.cleaned_data["token"], salt=UPLOAD_SALT, max_age=PENDING_UPLOAD_SECONDS
            )
        except signing.BadSignature:
            raise expired from None
        self.cache_key = pending_upload_key(self.user, claim["key"])
        content = caches["working"].get(self.cache_key)
        if content is None or hashlib.sha256(content).hexdigest() != claim["sha256"]:
            raise expired
        self.content = content
        return self.cleaned_data["token"]

    def forget_upload(self):
        caches["working"].delete(self.cache_key)


class AnomalyReviewForm(forms.Form):
    """Data staff's verdict on a count flagged « à vérifier »: confirm it, or correct it.

    A confirmation may point at an event explaining the jump, chosen among those
    concerning the account or described here to be created.
    """

    CONFIRM, CORRECT = "confirm", "correct"
    decision = forms.ChoiceField(
        label=gettext_lazy("Décision"),
        choices=[
            (CONFIRM, gettext_lazy("Le chiffre est juste : le confirmer")),
            (CORRECT, gettext_lazy("Le chiffre est faux : le corriger")),
        ],
        widget=forms.RadioSelect,
    )
    followers = forms.CharField(
        label=gettext_lazy("Chiffre corrigé"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 14}),
    )
    event = forms.ModelChoiceField(
        Event.objects.none(),
        required=False,
        label=gettext_lazy("Événement qui l'explique"),
        empty_label=gettext_lazy("Aucun"),
    )
    new_event_kind = forms.ChoiceField(
        label=gettext_lazy("Ou nouvel événement : type"), choices=EventKind.choices, required=False
    )
    new_event_label = forms.CharField(
        label=gettext_lazy("Explication du nouvel événement"), max_length=200, required=False
    )
    new_event_url = forms.URLField(
        label=gettext_lazy("Lien du nouvel événement"),
        required=False,
        validators=[validate_web_url],
        assume_scheme="https",
    )

    def __init__(self, snapshot, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.snapshot = snapshot
        self.fields["event"].queryset = Event.objects.for_accounts([snapshot.account])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.CORRECT:
            try:
                cleaned["corrected"] = parse_follower_count(cleaned.get("followers", ""))
            except ValidationError as error:
                self.add_error("followers", error)
        elif cleaned.get("new_event_label") and cleaned.get("event"):
            raise ValidationError(
                _("Choisissez un événement existant ou décrivez-en un nouveau, pas les deux."),
                code="two_events",
            )
        return cleaned

    def new_event(self):
        """The event described in the form (unsaved, on the account), or None."""
        if not self.cleaned_data.get("new_event_label"):
            return None
        return Event(
            happened_on=self.snapshot.recorded_on,
            kind=self.cleaned_data["new_event_kind"] or EventKind.OTHER,
            label=self.cleaned_data["new_event_label"],
            url=self.cleaned_data["new_event_url"],
            account=self.snapshot.account,
        )
