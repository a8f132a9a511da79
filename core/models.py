from django.db import models


class ContentVersion(models.Model):
    """One row: a counter bumped by every change to published content (core/cache.py).

    In the database, not in the cache, so that a bump made while the cache was
    down or frozen is never lost: a cache restored from disk then only holds
    pages filed under versions nobody asks for any more.
    """

    counter = models.BigIntegerField(default=0)

    class Meta:
        # Created by the agency app before this model moved here (agency 0002, core 0001).
        db_table = "agency_contentversion"
        verbose_name = "version du contenu"

    def __str__(self):
        return str(self.counter)
