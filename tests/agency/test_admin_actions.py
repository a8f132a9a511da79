"""Every admin action of every ModelAdmin, posted by every role as the admin's page would.

The actions are read from the admin site's registry, so a new action is walked too. It
must declare the permissions it needs (`@admin.action(permissions=[...])`, each one a
model permission the roles table can grant). A role without them is not offered the
action, and posting it anyway changes nothing in the database. A role with them runs it,
and every object it changed, deleted or exported has a LogEntry in that user's name.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import ActionLocation
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models
from django.urls import reverse
from django.utils import timezone
from model_bakery import baker, generators, random_gen

from articles.models import Article
from newsletter.models import Subscriber
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["author_user", "editor_user", "data_user", "superuser", "staff_user"]


def registered_actions():
    """Each action of each registered ModelAdmin, on its changelist or its change form."""
    for model, model_admin in admin.site._registry.items():
        for location in ActionLocation:
            for action in model_admin._get_base_actions(location):
                name = f"{model._meta.label_lower}.{action.name}"
                if location is ActionLocation.CHANGE_FORM:
                    name += "@change-form"
                yield pytest.param(model, action.name, location, id=name)


ACTIONS = list(registered_actions())


@pytest.fixture
def staff_user(db):
    """Staff, in no group: the admin's index and nothing else."""
    return factories.make_user(username="stagiaire", is_staff=True)


def required_permissions(model, name, location):
    """The `app_label.codename` permissions the action declares; None when it declares none."""
    action = admin.site._registry[model].get_action(name, location)
    declared = getattr(action.func, "allowed_permissions", None)
    if not declared:
        return None
    opts = model._meta
    return [f"{opts.app_label}.{permission}_{opts.model_name}" for permission in declared]


# Objects for the actions to work on: two of each, in the states the actions move between,
# visible to the acting user. A model without an entry gets two objects from model-bakery.
def _articles(user):
    return [
        factories.make_article(status=Article.Status.DRAFT, created_by=user),
        factories.make_article(status=Article.Status.PUBLISHED, created_by=user),
    ]


def _expired_attempts(user):
    attempts = baker.make(AccessAttempt, _quantity=2)
    long_ago = timezone.now() - datetime.timedelta(days=2)
    AccessAttempt.objects.filter(pk__in=[attempt.pk for attempt in attempts]).update(
        attempt_time=long_ago
    )
    return attempts


SAMPLES = {
    "articles.article": _articles,
    "articles.author": lambda user: [factories.make_author(), factories.make_author()],
    "influencers.influencer": lambda user: [
        factories.make_influencer(is_published=True),
        factories.make_influencer(is_published=False),
    ],
    "influencers.platform": lambda user: [factories.make_platform(), factories.make_platform()],
    "influencers.account": lambda user: [factories.make_account(), factories.make_account()],
    "influencers.event": lambda user: baker.make(
        "influencers.Event", platform=factories.make_platform(), _quantity=2
    ),
    "influencers.followersnapshot": lambda user: [
        factories.make_snapshot(),
        factories.make_snapshot(),
    ],
    "newsletter.subscriber": lambda user: [
        Subscriber.objects.create(email="en-attente@exemple.fr"),
        Subscriber.objects.create(
            email="confirmee@exemple.fr",
            status=Subscriber.Status.CONFIRMED,
            confirmed_at=timezone.now(),
        ),
    ],
    "axes.accessattempt": _expired_attempts,
}


def make_samples(model, user):
    # model-bakery fills Django's own fields; a text field of ours gets plain text.
    known = generators.get_type_mapping()
    for field in model._meta.fields:
        if isinstance(field, models.CharField) and type(field) not in known:
            generators.add(type(field), random_gen.gen_string)
    if build := SAMPLES.get(model._meta.label_lower):
        return build(user)
    return baker.make(model, _quantity=2)


def merge_tags_form(client, pks):
    """The merge action leads to a form; posting it is what merges."""
    client.post(reverse("admin:taggit_tag_merge_tags"), {"tags": pks, "new_tag_name": "Fusion"})


# Actions that only open a further step: the step is posted too, by every role.
FURTHER_STEPS = {("taggit.tag", "merge_selected_tags"): merge_tags_form}


def database_rows():
    """Every row of every table (sessions aside: logging in writes them)."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model is not Session
    }


def changed_pks(before, after, model):
    """The pks of the model's rows changed or deleted between the two readings."""
    pk = model._meta.pk.attname
    rows_after = {row[pk]: row for row in after[model._meta.label]}
    return {str(row[pk]) for row in before[model._meta.label] if rows_after.get(row[pk]) != row}


def offered_actions(response):
    action_form = response.context.get("action_form")
    return (
        {value for value, _label in action_form.fields["action"].choices} if action_form else set()
    )


@pytest.mark.parametrize(("model", "name", "location"), ACTIONS)
def test_every_action_declares_the_model_permissions_it_needs(model, name, location):
    permissions = required_permissions(model, name, location)
    assert permissions, f"{name} on {model._meta.label} declares no permissions"
    content_type = ContentType.objects.get_for_model(model)
    for permission in permissions:
        codename = permission.split(".")[1]
        assert Permission.objects.filter(content_type=content_type, codename=codename).exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model", "name", "location"), ACTIONS)
def test_action_runs_for_the_roles_holding_its_permissions_only(
    client, request, model, name, location, role
):
    user = request.getfixturevalue(role)
    permissions = required_permissions(model, name, location)
    # Holding every declared permission (Django offers an action to holders of any one of
    # them: one permission per action, unless each suffices). Declaring none is a bug that
    # the test above reports; here such an action is taken as the superuser's only.
    allowed = user.has_perms(permissions) if permissions else user.is_superuser
    # Logging in first: axes deletes expired login attempts at each login.
    client.force_login(user)
    selected = make_samples(model, user)
    pks = [str(obj.pk) for obj in selected]
    url_name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    if location is ActionLocation.CHANGE_FORM:
        pks = pks[:1]
        page_url = reverse(f"{url_name}_change", args=pks)
        action_field = f"{location.value}-action"
    else:
        page_url = reverse(f"{url_name}_changelist")
        action_field = "action"

    page = client.get(page_url)
    if page.status_code == 200:
        assert (name in offered_actions(page)) == allowed
    else:
        assert not allowed
        assert page.status_code in (302, 403)

    before = database_rows()
    logged_before = LogEntry.objects.count()
    response = client.post(
        page_url, {action_field: name, ACTION_CHECKBOX_NAME: pks, "index": 0, "post": "yes"}
    )
    if further_step := FURTHER_STEPS.get((model._meta.label_lower, name)):
        further_step(client, pks)
    after = database_rows()

    if not allowed:
        assert after == before
        return
    assert response.status_code in (200, 302)
    logged = LogEntry.objects.order_by("pk")[logged_before:]
    assert {entry.user_id for entry in logged} == {user.pk}
    content_type = ContentType.objects.get_for_model(model)
    logged_pks = {entry.object_id for entry in logged if entry.content_type_id == content_type.pk}
    assert logged_pks, f"{name} logged nothing"
    assert changed_pks(before, after, model) <= logged_pks


@pytest.mark.parametrize(("role", "may_publish"), [("author_user", False), ("data_user", False),
                                                  ("editor_user", True)])  # fmt: skip
def test_only_editors_publish_and_unpublish_influencers(client, request, role, may_publish):
    """Issue 24: Rédacteurs and data staff, who only view influencers, could do both."""
    published = factories.make_influencer(is_published=True)
    unpublished = factories.make_influencer(is_published=False)
    client.force_login(request.getfixturevalue(role))
    changelist = reverse("admin:influencers_influencer_changelist")
    client.post(changelist, {"action": "publish", ACTION_CHECKBOX_NAME: [unpublished.pk]})
    client.post(changelist, {"action": "unpublish", ACTION_CHECKBOX_NAME: [published.pk]})
    unpublished.refresh_from_db()
    published.refresh_from_db()
    assert unpublished.is_published == may_publish
    assert published.is_published != may_publish
