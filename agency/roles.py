"""The editorial roles of the design, as Django groups and their permissions.

Kept in one table so the data migration, the tests and the docs agree.
"""

AUTHORS = "Rédacteurs"
EDITORS = "Éditeurs"
DATA_STAFF = "Équipe data"

ALL_ACTIONS = ("add", "change", "delete", "view")

ROLE_PERMISSIONS = {
    AUTHORS: {
        "articles.article": ("add", "change", "view"),
        "articles.citedfigure": ALL_ACTIONS,
        "articles.articleimage": ALL_ACTIONS,
        "articles.embed": ALL_ACTIONS,
        # Revoking is a change; the link stays listed on the article.
        "articles.sharelink": ("add", "change", "view"),
        "articles.author": ("view",),
        "influencers.influencer": ("view",),
        "influencers.account": ("view",),
        "influencers.platform": ("view",),
        "taggit.tag": ("view",),
    },
    EDITORS: {
        "articles.article": (*ALL_ACTIONS, "publish"),
        "articles.citedfigure": ALL_ACTIONS,
        "articles.articleimage": ALL_ACTIONS,
        "articles.embed": ALL_ACTIONS,
        "articles.sharelink": ALL_ACTIONS,
        "articles.series": ALL_ACTIONS,
        "articles.seriespart": ALL_ACTIONS,
        "articles.author": ALL_ACTIONS,
        "influencers.influencer": ALL_ACTIONS,
        "influencers.account": ALL_ACTIONS,
        "influencers.platform": ALL_ACTIONS,
        "influencers.followersnapshot": ("view",),
        "influencers.event": ALL_ACTIONS,
        "taggit.tag": ALL_ACTIONS,
        # Who reads the newsletter and what it sent; granted by newsletter's migration.
        "newsletter.subscriber": ("view",),
        "newsletter.delivery": ("view",),
        "redirects.redirect": ALL_ACTIONS,
    },
    DATA_STAFF: {
        "influencers.account": ALL_ACTIONS,
        "influencers.followersnapshot": ALL_ACTIONS,
        "influencers.event": ALL_ACTIONS,
        "influencers.influencer": ("view",),
        "influencers.platform": ("view",),
    },
}


def codenames_for(model_label, actions):
    model_name = model_label.split(".")[1]
    return [f"{action}_{model_name}" for action in actions]


def granting(*model_labels):
    """A `RunPython` function giving the role groups their permissions on `model_labels`.

    For a migration that adds models: Django creates permissions after all migrations,
    so the function creates those of the models' apps first, then adds to each group
    what ROLE_PERMISSIONS gives it on these models (nothing else is touched).
    """

    def grant(apps, schema_editor):
        from django.contrib.auth.management import create_permissions

        for app_label in {label.split(".")[0] for label in model_labels}:
            app_config = apps.get_app_config(app_label)
            app_config.models_module = True
            create_permissions(app_config, verbosity=0, apps=apps)
            app_config.models_module = None
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        for group in Group.objects.filter(name__in=ROLE_PERMISSIONS):
            for model_label in model_labels:
                if actions := ROLE_PERMISSIONS[group.name].get(model_label):
                    app_label, model_name = model_label.split(".")
                    group.permissions.add(
                        *Permission.objects.filter(
                            content_type__app_label=app_label,
                            content_type__model=model_name,
                            codename__in=codenames_for(model_label, actions),
                        )
                    )

    return grant
