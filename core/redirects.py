"""Old addresses keep working: a public object's move is kept as a permanent redirect.

Moves are stored as `django.contrib.redirects` rows, which its fallback middleware
reads only when a page is not found: pages that exist cost no query. This module
knows no app's models (any app may use it); `articles/redirects.py` says which
models move and what their addresses are.
"""

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.urls import NoReverseMatch


def record_move(old_path, new_path):
    """Answer `old_path` with a 301 to `new_path`, keeping every redirect one hop.

    Redirects that led to `old_path` now lead straight to `new_path`; a redirect
    *from* `new_path` is dropped, since that address is live again (a slug given
    back), so a move and its reverse never make a loop. Atomic.
    """
    if old_path == new_path:
        return
    with transaction.atomic():
        redirects = Redirect.objects.filter(site_id=settings.SITE_ID)
        redirects.filter(old_path=new_path).delete()
        redirects.filter(new_path=old_path).update(new_path=new_path)
        redirects.update_or_create(
            site_id=settings.SITE_ID, old_path=old_path, defaults={"new_path": new_path}
        )


def follow_moves(model, addresses, was_public):
    """Redirect the old addresses of a `model` instance whose slug changes.

    `addresses(instance)` lists the instance's public paths (its page, its feed…);
    `was_public(instance)` says whether readers could reach them. Works at the model
    level, so a change made in the admin, the shell or an import is followed alike;
    only QuerySet.update() and bulk writes bypass it, as they bypass every signal.
    """
    label = model._meta.label_lower

    def remember(sender, instance, raw=False, update_fields=None, **kwargs):
        instance._redirect_moves = []
        if raw or instance.pk is None or (update_fields and "slug" not in update_fields):
            return
        before = sender._default_manager.filter(pk=instance.pk).first()
        if before is None or before.slug == instance.slug or not was_public(before):
            return
        try:
            old_paths = addresses(before)
        except NoReverseMatch:  # a slug no URL could be made of (say, empty) had no readers
            return
        instance._redirect_moves = list(zip(old_paths, addresses(instance), strict=True))

    def record(sender, instance, raw=False, **kwargs):
        for old_path, new_path in getattr(instance, "_redirect_moves", ()):
            record_move(old_path, new_path)
        instance._redirect_moves = []

    pre_save.connect(remember, sender=model, weak=False, dispatch_uid=f"{label}.redirect-remember")
    post_save.connect(record, sender=model, weak=False, dispatch_uid=f"{label}.redirect-record")
