"""Cache invalidation: any change to what public pages show bumps the content version.

Connected in AgencyConfig.ready(). Every model of the content apps counts (articles,
authors, cited figures, influencers, accounts, snapshots, platforms, tags and their
links), including models those apps add later, so a new model cannot be forgotten.
Bulk writes send no model signal: they send `influencers.signals.follower_counts_changed`
or `influencers_changed` (or call `agency.cache.content_changed()` directly).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from agency.cache import content_changed
from influencers.signals import follower_counts_changed, influencers_changed

CONTENT_APPS = ("articles", "influencers", "taggit")
DISPATCH_PREFIX = "agency.page-cache"


def is_content_model(model):
    return model._meta.app_label in CONTENT_APPS


def on_model_change(sender, **kwargs):
    if is_content_model(sender):
        content_changed()


def on_m2m_change(sender, action, **kwargs):
    # sender is the through model; tags, authors and featured influencers all pass here.
    # A link edited from a non-content model (a newsletter subscriber following an
    # influencer) shows on no public page: it must not flush every cached page.
    if action in {"post_add", "post_remove", "post_clear"} and (
        is_content_model(sender)
        or (is_content_model(kwargs["model"]) and is_content_model(kwargs["instance"]))
    ):
        content_changed()


def on_bulk_change(sender, **kwargs):
    content_changed()


def connect():
    post_save.connect(on_model_change, dispatch_uid=f"{DISPATCH_PREFIX}.save")
    post_delete.connect(on_model_change, dispatch_uid=f"{DISPATCH_PREFIX}.delete")
    m2m_changed.connect(on_m2m_change, dispatch_uid=f"{DISPATCH_PREFIX}.m2m")
    follower_counts_changed.connect(on_bulk_change, dispatch_uid=f"{DISPATCH_PREFIX}.bulk")
    influencers_changed.connect(on_bulk_change, dispatch_uid=f"{DISPATCH_PREFIX}.influencers")
