"""Third-party admin screens the site shell installs, held to the project's action rules.

Every admin action declares the permission it needs and logs what it did
(tests/agency/test_admin_actions.py walks them all). django-axes' « Clean up expired
attempts » declares none, so anyone allowed to view login attempts could delete them;
it also failed with a server error, reading a request attribute set only by axes' proxy
handler.
"""

from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class AccessAttemptAdmin(AxesAccessAttemptAdmin):
    @admin.action(description=_("Clean up expired attempts"), permissions=["delete"])
    def cleanup_expired_attempts(self, request, queryset):
        # axes chooses what has expired; the log names what is gone afterwards.
        attempts = list(AccessAttempt.objects.all())
        AxesProxyHandler.update_request(request)
        super().cleanup_expired_attempts(request, queryset)
        remaining = set(AccessAttempt.objects.values_list("pk", flat=True))
        deleted = [attempt for attempt in attempts if attempt.pk not in remaining]
        self.log_deletions(request, deleted)


# Importing axes.admin registered axes' own class (unless AXES_ENABLE_ADMIN is off).
if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, AccessAttemptAdmin)
