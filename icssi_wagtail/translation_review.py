"""Translations ready for review: the translator's last step, and the moderators' list.

wagtail-localize's translation editor saves each translated string on its own: no page revision,
nothing in Wagtail's moderation, so a finished translation waits unseen. "Ready for review" (a
button above the translation editor for whoever may edit the translated page but not publish
it) does what Wagtail's "Submit for moderation" does in the page editor:

1. :func:`mark_ready_for_review` saves the translated strings into a draft revision of the
   translated page, leaving a live page as it is (:func:`save_draft`), and
2. submits that revision to the page's Wagtail workflow (by default "Moderators approval"), whose
   reviewers get Wagtail's own moderation email and see the page in "Awaiting your review" on
   their dashboard. A translation sent back with "Request changes" is resubmitted.

A page with no workflow keeps its draft, and the translator is told that nobody was notified.

:func:`pages_ready_for_review` lists, for someone who may publish, the translated pages waiting
in moderation: for a dashboard panel or a report. Whoever may review the task
in progress finds its actions ("Approve", "Request changes") above the translation editor too
(:func:`review_actions`). Publishing stays where it is: the workflow, or the translation
editor's "Publish", which checks the publish permission; wagtail-localize's own publishing
shortcuts are guarded by ``localize_guard``.
"""

from django.apps import apps
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

URL_NAME = "icssi_wagtail_translation_ready"


def translation_for(page):
    """The enabled wagtail-localize translation whose target is ``page``, or None."""
    from wagtail_localize.models import Translation  # wagtail-localize is optional

    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


def may_mark_ready(user, page):
    """Whether ``user`` is offered "Ready for review" on ``page``: who may edit it but not
    publish it (who may publish publishes instead)."""
    permissions = page.permissions_for_user(user)
    return permissions.can_edit() and not permissions.can_publish()


def submit_to_workflow(page, user):
    """Submit the latest revision of ``page`` to its workflow, as the page editor's "Submit
    for moderation" does. Returns the workflow state, or None when the page has no workflow."""
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return state
    if state is not None:  # already in moderation: reviewers see the latest revision
        return state
    workflow = page.get_workflow()
    if workflow is None:
        return None
    return workflow.start(page, user)


def save_draft(translation, page, user):
    """Save the translated strings of ``translation`` into a new draft revision of ``page``,
    its target, leaving the page itself (what visitors read when it is live) as it is.

    wagtail-localize's ``save_target(publish=False)`` saves the page before its revision: on a
    live page, that changes what visitors read at once. This gives the revision the same
    content (synchronised fields, then the translated segments, the source's text where one
    is missing).

    Raises:
        ValidationError: the translated page would not be valid (a title too long).
    """
    from wagtail_localize.fields import copy_synchronised_fields  # wagtail-localize is optional
    from wagtail_localize.segments.ingest import ingest_segments  # wagtail-localize is optional

    source, locale = translation.source, translation.target_locale
    original = source.as_instance()
    copy_synchronised_fields(original, page)
    segments = source._get_segments_for_translation(locale, fallback=True)
    ingest_segments(original, page, source.locale, locale, segments)
    page.save_revision(user=user)


def mark_ready_for_review(translation, user):
    """Save ``translation`` into a draft revision of its target page and submit the page to
    its workflow. Returns ``(page, workflow_state)``; the state is None without a workflow.

    Raises:
        PermissionDenied: ``user`` may not edit the translated page.
        ValidationError: the translated page would not be valid; nothing is saved.
    """
    page = translation.get_target_instance()
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    save_draft(translation, page, user)
    page = Page.objects.get(pk=page.pk).specific
    return page, submit_to_workflow(page, user)


def pages_ready_for_review(user):
    """The translated pages in moderation that ``user`` may publish, the longest waiting first:
    for a dashboard panel or a report.

    A page counts once its latest revision has been submitted to its workflow ("Ready for
    review" in the translation editor, or "Submit for moderation" in the page editor) and the
    workflow is in progress: not approved, rejected or cancelled yet. A page sent back with
    "Request changes" waits for the translator instead. Pages whose translation
    wagtail-localize no longer syncs (it was stopped) are left out.

    Returns a queryset of plain ``Page`` objects with their ``locale``; call ``.specific()``
    for the page types.
    """
    from wagtail_localize.models import Translation  # wagtail-localize is optional

    translated = Translation.objects.filter(
        source__object_id=OuterRef("translation_key"),
        target_locale_id=OuterRef("locale_id"),
        enabled=True,
    )
    in_moderation = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("pk"), CharField()),
        status=WorkflowState.STATUS_IN_PROGRESS,
    )
    publishable = PagePermissionPolicy().instances_user_has_permission_for(user, "publish")
    return (
        publishable.filter(Exists(translated), Exists(in_moderation))
        .select_related("locale")
        .order_by("latest_revision_created_at", "pk")
    )


def review_actions(page, user):
    """The workflow actions ``user`` may take now on ``page``'s task in progress, for the
    translation editor: ``(task_state, [(action name, label, url), ...])``, or ``(None, [])``.
    Wagtail's own labels ("Approve", "Request changes"); each action's comment is optional."""
    state = page.current_workflow_state
    task_state = state.current_task_state if state is not None else None
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS or task_state is None:
        return None, []
    actions = {}
    for name, label, _needs_data in task_state.task.specific.get_actions(page, user):
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, name, task_state.pk])
        actions.setdefault(name, (name, label, url))  # "approve" comes twice, with a comment
    return task_state, list(actions.values())


def ready_message(page, state):
    """What the translator reads after "Ready for review"."""
    language = page.locale.get_display_name()
    if state is None:
        return messages.WARNING, _(
            "The %(language)s translation is saved as a draft. This page has no workflow, so "
            "nobody has been told: ask someone who may publish to review it."
        ) % {"language": language}
    return messages.SUCCESS, _(
        "The %(language)s translation is saved as a draft and submitted to “%(workflow)s”: "
        "its reviewers have been told."
    ) % {"language": language, "workflow": state.workflow.name}


def invalid_message(error):
    """What the translator reads when the translated page would not be valid."""
    problems = " ".join(dict.fromkeys(error.messages))  # title and draft title say it twice
    return _(
        "The translation was not sent for review, because the translated page would not be "
        "valid. Correct these translations and try again: %(problems)s"
    ) % {"problems": problems}


@require_POST
def ready_for_review(request, translation_id):
    """The admin view behind the "Ready for review" button: POST only, then back to the
    translated page's editor."""
    from wagtail_localize.models import Translation  # wagtail-localize is optional

    translation = get_object_or_404(Translation, pk=translation_id, enabled=True)
    target = translation.get_target_instance()
    if not isinstance(target, Page):
        raise PermissionDenied
    try:
        page, state = mark_ready_for_review(translation, request.user)
    except ValidationError as error:
        messages.error(request, invalid_message(error))
        return redirect(reverse("wagtailadmin_pages:edit", args=[target.pk]))
    level, message = ready_message(page, state)
    messages.add_message(request, level, message)
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def admin_urls():
    """The admin URLs of this module, for the ``register_admin_urls`` hook: none on a site
    without wagtail-localize."""
    if not apps.is_installed("wagtail_localize"):
        return []
    return [
        path(
            "icssi/translations/<int:translation_id>/ready/",
            ready_for_review,
            name=URL_NAME,
        )
    ]
