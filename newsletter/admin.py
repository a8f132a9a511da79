"""Subscribers, their consents and deliveries in the admin; RGPD export and erasure."""

import json

from django.contrib import admin, messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsletter.addresses import file_name_part
from newsletter.emails import send_subscription_answer
from newsletter.models import Consent, Delivery, Subscriber


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ConsentInline(ReadOnlyInline):
    model = Consent
    fields = ["recorded_at", "action", "source", "preferences", "wording"]
    readonly_fields = fields


class DeliveryInline(ReadOnlyInline):
    model = Delivery
    fields = ["subject", "kind", "status", "claimed_at", "sent_at"]
    readonly_fields = fields


def personal_data(subscriber):
    """Everything kept about one person, for an RGPD access request."""
    return {
        "email": subscriber.email,
        "status": subscriber.status,
        "articles": subscriber.articles,
        "influencers": [influencer.name for influencer in subscriber.influencers.all()],
        "created_at": subscriber.created_at,
        "confirmed_at": subscriber.confirmed_at,
        "unsubscribed_at": subscriber.unsubscribed_at,
        "consents": list(
            subscriber.consents.values("recorded_at", "action", "source", "wording", "preferences")
        ),
        "deliveries": list(
            subscriber.deliveries.values("subject", "kind", "status", "claimed_at", "sent_at")
        ),
    }


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "articles", "followed", "created_at", "confirmed_at"]
    list_filter = ["status", "articles", "influencers"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    # Everything read-only: preferences belong to the reader (their signed link) and
    # consent comes from them, never from staff. Staff resend, export and delete.
    fields = [
        "email",
        "status",
        "articles",
        "influencers",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "confirmation_sent_at",
    ]
    readonly_fields = fields
    inlines = [ConsentInline, DeliveryInline]
    actions = ["resend_confirmation", "export_personal_data"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(followed_count=Count("influencers"))

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("influenceurs suivis"), ordering="followed_count")
    def followed(self, subscriber):
        return subscriber.followed_count

    def changelist_view(self, request, extra_context=None):
        counts = Subscriber.objects.counts_by_status()
        status_counts = [(label, counts[status]) for status, label in Subscriber.Status.choices]
        extra_context = {**(extra_context or {}), "status_counts": status_counts}
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Renvoyer l'e-mail de confirmation"), permissions=["change"])
    def resend_confirmation(self, request, queryset):
        pending = list(queryset.filter(status=Subscriber.Status.PENDING))
        sent = 0
        for subscriber in pending:
            if send_subscription_answer(subscriber):
                self.log_change(request, subscriber, _("E-mail de confirmation renvoyé."))
                sent += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d confirmation renvoyée (abonnés en attente seulement).",
                "%(count)d confirmations renvoyées (abonnés en attente seulement).",
                sent,
            )
            % {"count": sent},
            messages.SUCCESS if sent else messages.WARNING,
        )
        if failed := len(pending) - sent:
            self.message_user(
                request,
                _(
                    "%(count)d e-mail(s) n'ont pas pu partir : adresse invalide ou serveur d'envoi "
                    "indisponible (détails dans le journal)."
                )
                % {"count": failed},
                messages.ERROR,
            )

    @admin.action(description=_("Exporter les données personnelles (JSON)"), permissions=["change"])
    def export_personal_data(self, request, queryset):
        subscribers = list(queryset.prefetch_related("influencers"))
        data = [personal_data(subscriber) for subscriber in subscribers]
        # Who took a copy of whose personal data: LogEntry has no flag for a read.
        for subscriber in subscribers:
            self.log_change(request, subscriber, _("Données personnelles exportées."))
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        name = file_name_part(data[0]["email"]) if len(data) == 1 else "abonnes"
        response["Content-Disposition"] = f'attachment; filename="donnees-{name}.json"'
        return response


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """What was sent to whom and when; written by send_newsletter only."""

    list_display = ["subject", "subscriber", "kind", "status", "claimed_at", "sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["subscriber__email", "subject", "item"]
    date_hierarchy = "claimed_at"
    list_select_related = ["subscriber"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
