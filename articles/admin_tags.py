"""django-taggit's tag admin, with its "merge tags" screen made safe.

taggit's own screen checks no permission (any staff member, a Rédacteur who may only
view tags or data staff who may not even see them, could merge), reads the tags to
merge from the session (a POST without them is a 500) and merging a tag into itself
drops its links. Here merging takes change and delete permission on tags (it empties
and deletes the merged tags), the chosen tags travel with the form, the merged
tags' public pages redirect to the tag that replaces them, and the admin's history
records the merge (a deletion per merged tag, a change on the tag kept).
"""

import copy

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag, TaggedItem

from articles.redirects import tag_addresses, tag_is_public
from core.redirects import record_move


class MergeTagsForm(forms.Form):
    tags = forms.ModelMultipleChoiceField(
        Tag.objects.order_by("name"),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": gettext_lazy("Choisissez dans la liste les étiquettes à fusionner.")
        },
    )
    new_tag_name = forms.CharField(
        label=gettext_lazy("Nom de l'étiquette"),
        max_length=Tag._meta.get_field("name").max_length,
    )


def _tag_named(name):
    if settings.TAGGIT_CASE_INSENSITIVE:
        existing = Tag.objects.filter(name__iexact=name).first()
    else:
        existing = Tag.objects.filter(name=name).first()
    return existing or Tag.objects.create(name=name)


def merge_tags(tags, name):
    """Replace `tags` by the tag named `name` (found, or created) and return it.

    Whatever carried one of the tags carries the new one instead (once); the other tags
    are deleted, and the public pages of those readers could reach redirect to the new
    tag's. Atomic: all of it or nothing.
    """
    with transaction.atomic():
        target = _tag_named(name)
        for tag in tags:
            if tag.pk == target.pk:
                continue
            was_public = tag_is_public(tag)
            for item in TaggedItem.objects.filter(tag=tag):
                duplicate = TaggedItem.objects.filter(
                    tag=target, content_type_id=item.content_type_id, object_id=item.object_id
                )
                if duplicate.exists():
                    item.delete()
                else:
                    item.tag = target
                    item.save()
            if was_public:
                for old_path, new_path in zip(
                    tag_addresses(tag), tag_addresses(target), strict=True
                ):
                    record_move(old_path, new_path)
            tag.delete()
    return target


class TagAdmin(TaggitTagAdmin):
    actions = ["merge_selected_tags"]

    def may_merge(self, request):
        return self.has_change_permission(request) and self.has_delete_permission(request)

    def get_urls(self):
        # taggit's list puts its merge URL first; ours replaces it under the same name.
        merge = path(
            "merge-tags/",
            self.admin_site.admin_view(self.merge_tags_view),
            name="taggit_tag_merge_tags",
        )
        return [merge, *super().get_urls()[1:]]

    @admin.action(
        description=gettext_lazy("Fusionner les étiquettes choisies"),
        permissions=["change", "delete"],
    )
    def merge_selected_tags(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return HttpResponseRedirect(
            f"{reverse('admin:taggit_tag_merge_tags')}?{urlencode({'ids': ids})}"
        )

    def merge_and_log(self, request, tags, name):
        """merge_tags, with a LogEntry for each tag deleted and one for the tag kept."""
        # Deleting a tag forgets its pk: the entries are written from copies.
        merged = [copy.copy(tag) for tag in tags]
        with transaction.atomic():
            target = merge_tags(tags, name)
            self.log_deletions(request, [tag for tag in merged if tag.pk != target.pk])
            names = ", ".join(f"« {tag.name} »" for tag in merged)
            self.log_change(request, target, _("Fusion de %(names)s.") % {"names": names})
        return target

    def merge_tags_view(self, request):
        if not self.may_merge(request):
            raise PermissionDenied
        if request.method == "POST":
            form = MergeTagsForm(request.POST)
            if form.is_valid():
                target = self.merge_and_log(
                    request, form.cleaned_data["tags"], form.cleaned_data["new_tag_name"]
                )
                message = _("Étiquettes fusionnées en « %(name)s ».") % {"name": target.name}
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:taggit_tag_changelist"))
            chosen = form.cleaned_data.get("tags", [])
        else:
            ids = [pk for pk in request.GET.get("ids", "").split(",") if pk.isdigit()]
            chosen = Tag.objects.filter(pk__in=ids).order_by("name")
            form = MergeTagsForm(initial={"tags": chosen})
        context = {
            **self.admin_site.each_context(request),
            "title": _("Fusionner des étiquettes"),
            "opts": self.opts,
            "form": form,
            "chosen_tags": chosen,
        }
        return TemplateResponse(request, "admin/taggit/merge_tags_form.html", context)
