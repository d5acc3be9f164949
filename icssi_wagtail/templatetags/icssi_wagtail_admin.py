"""Template tags of the admin screens icssi_wagtail changes: ``{% load icssi_wagtail_admin %}``."""

from django import template
from django.urls import reverse
from wagtail.models import Page

from ..localize_guard import editor_props
from ..translation_review import URL_NAME, may_mark_ready

register = template.Library()


@register.simple_tag(takes_context=True)
def icssi_translation_editor_props(context):
    """wagtail-localize's translation editor props for the current user, without the actions
    the user may not take: ``{% icssi_translation_editor_props as props %}``."""
    return editor_props(context["props"], context["instance"], context["request"].user)


@register.simple_tag(takes_context=True)
def icssi_ready_for_review_url(context):
    """The address of "Ready for review" for the translation being edited, or "" when the
    user publishes it instead (or it is not a page)."""
    instance, user = context["instance"], context["request"].user
    if not isinstance(instance, Page) or not may_mark_ready(user, instance):
        return ""
    return reverse(URL_NAME, args=[context["translation"].pk])
