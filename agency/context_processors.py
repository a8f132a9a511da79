from django.conf import settings


def site(request):
    """Expose the site's name to every template (header, titles, feeds)."""
    return {"SITE_NAME": settings.SITE_NAME}
