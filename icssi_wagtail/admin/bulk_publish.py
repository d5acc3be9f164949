"""Wagtail's bulk "Publish" in the page listing, for drafts that are not ready.

A draft may break the rules that wait for the publish (``clean_for_publishing``). The page
editor refuses to publish it with the rule's message; the bulk action publishes each selected
page's latest revision, whose ``full_clean`` would raise and answer 500. The
``before_bulk_action`` hook (``wagtail_hooks``) leaves such pages out of the action and tells
the editor which pages and why; the others are published as usual.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import ngettext
from wagtail.admin import messages


def latest_draft(page):
    """The page as its latest revision would publish it (as ``PublishBulkAction`` does)."""
    revision = page.get_latest_revision()
    return revision.as_object() if revision else page.specific


def first_error(page):
    """The first message ``full_clean`` gives for the page's latest revision, or ``None``."""
    try:
        latest_draft(page).full_clean()
    except ValidationError as error:
        return error.messages[0]
    return None


def pages_to_publish(page, action):
    """The selected page and, when the editor asked for them, the draft descendants that the
    action publishes with it (those the user may publish)."""
    yield page
    if action.cleaned_form.cleaned_data.get("include_descendants"):
        for descendant in page.get_descendants().not_live().defer_streamfields().specific():
            if descendant.permissions_for_user(action.request.user).can_publish():
                yield descendant


def leave_out_unready_pages(request, pages, action):
    """Remove from ``pages`` (in place: Wagtail publishes this same list) each selected page
    that is not ready, or whose draft descendants published with it are not, and tell the
    editor which pages were not published, with the first reason. With none left, answer
    with a redirect, so that Wagtail reports no "0 pages have been published"."""
    unready, errors = {}, []
    for page in list(pages):
        for candidate in pages_to_publish(page, action):
            error = first_error(candidate)
            if error is not None:
                unready.setdefault(page.pk, page)
                unready.setdefault(candidate.pk, candidate)
                errors.append(error)
        if page.pk in unready:
            pages.remove(page)
    if unready:
        titles = ", ".join(page.get_admin_display_title() for page in unready.values())
        messages.error(request, unready_message(len(unready), titles, errors[0]))
        if not pages:
            return redirect(action.next_url)
    return None


def unready_message(count, titles, error):
    return ngettext(
        "This page was not published, as it is not ready: %(pages)s. %(error)s",
        "These pages were not published, as they are not ready: %(pages)s. %(error)s",
        count,
    ) % {"pages": titles, "error": error}
