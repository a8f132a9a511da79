"""Cache invalidation: any change to what public pages show bumps the content version.

Connected in CoreConfig.ready(). The apps whose models public pages show say so from
their own `ready()` with `count_as_content()`; then every model of theirs counts,
including models they add later, so a new model cannot be forgotten. Bulk writes send
no model signal: an app passes the signals it sends for them (`bulk_signals`), or calls
`core.cache.content_changed()` directly.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core.cache import content_changed

CONTENT_APPS = set()
DISPATCH_PREFIX = "core.page-cache"


def count_as_content(*app_labels, bulk_signals=()):
    """Changes to the models of `app_labels`, and each of `bulk_signals` sent, invalidate
    the cached public pages."""
    CONTENT_APPS.update(app_labels)
    for signal in bulk_signals:
        signal.connect(on_bulk_change, dispatch_uid=f"{DISPATCH_PREFIX}.bulk.{id(signal)}")


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
