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
