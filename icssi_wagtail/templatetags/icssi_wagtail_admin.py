"""Template tags of the admin screens icssi_wagtail changes: ``{% load icssi_wagtail_admin %}``."""

import json

from django import template
from django.urls import reverse
from wagtail.models import Page

from ..localize_guard import editor_props
from ..translation_review import URL_NAME, may_mark_ready, review_actions

register = template.Library()


@register.simple_tag(takes_context=True)
def icssi_translation_editor_props(context):
    """wagtail-localize's translation editor props for the current user, without the actions
    the user may not take: ``{% icssi_translation_editor_props as props %}``."""
    return editor_props(context["props"], context["instance"], context["request"].user)


@register.simple_tag(takes_context=True)
def icssi_ready_for_review(context):
    """What the "Ready for review" step needs for the translation being edited: ``url``,
    ``language``, ``workflow_state`` (the page's workflow in progress, if any) and
    ``preview_modes`` (wagtail-localize's, ``{"mode", "label", "url"}`` each); None when the
    user publishes it instead (or it is not a page):
    ``{% icssi_ready_for_review as ready %}``."""
    instance, user = context["instance"], context["request"].user
    if not isinstance(instance, Page) or not may_mark_ready(user, instance):
        return None
    translation = context["translation"]
    return {
        "url": reverse(URL_NAME, args=[translation.pk]),
        "language": translation.target_locale.get_display_name(),
        "workflow_state": instance.current_workflow_state,
        "preview_modes": json.loads(context["props"]).get("previewModes", []),
    }


@register.simple_tag(takes_context=True)
def icssi_review_actions(context):
    """The workflow task of the translated page that the current user may act on now, with
    its actions, or None: ``{% icssi_review_actions as review %}`` gives ``review.task_state``
    and ``review.actions`` (``(name, label, url)`` each) and ``review.next``."""
    instance, request = context["instance"], context["request"]
    if not isinstance(instance, Page):
        return None
    task_state, actions = review_actions(instance, request.user)
    if not actions:
        return None
    return {"task_state": task_state, "actions": actions, "next": request.path}
