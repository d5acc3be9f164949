"""What a registration does: a draft activity (and a new organisation awaiting review) in the
submitter's language, Wagtail's moderation workflow started on it, the contact kept apart, a
confirmation e-mail; and, when a moderator decides, the submitter told.

Nothing here makes anything live: only a moderator's publish does (``page_published``).
"""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext
from wagtail.coreutils import find_available_slug
from wagtail.models import WorkflowState
from wagtail.rich_text import RichText
from wagtail.signals import page_published, workflow_rejected

from ..conf import get_setting
from ..models.activities import ActivityOrganiser, ActivityPage
from ..models.organisations import Organisation
from ..models.registration import ActivityRegistration
from . import emails, ratelimit

logger = logging.getLogger(__name__)


class RateLimited(Exception):
    """Too many registrations from one address or for one e-mail address."""


def submit(form, page, address, channel):
    """Register ``form``'s activity through ``page`` if the form is valid and the limits
    allow it; return the ``ActivityRegistration``, or ``None`` with the form's errors set
    (a rate limit is a non-field error with the code ``rate_limited``)."""
    if not form.is_valid():
        return None
    email = form.cleaned_data["contact_email"]
    try:
        ratelimit.check(address=address, email=email)
    except RateLimited:
        form.add_error(None, ratelimit.error())
        return None
    registration = register(form.cleaned_data, page, channel)
    ratelimit.count(address=address, email=email)
    return registration


def is_rate_limited(form):
    """Whether ``submit`` refused ``form`` for a rate limit."""
    errors = form.errors.as_data().get("__all__", [])
    return any(error.code == "rate_limited" for error in errors)


def submitting_user():
    """The ``REGISTRATION_USER`` registrations are submitted as, or ``None``."""
    username = get_setting("REGISTRATION_USER")
    if not username:
        return None
    User = get_user_model()
    return User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()


@transaction.atomic
def register(data, page, channel=ActivityRegistration.Channel.PAGE):
    """Create the draft activity of ``data`` (a valid form's ``cleaned_data``) under
    ``page``'s activity index, start its moderation and keep the contact apart."""
    index = page.get_activity_index()
    user = submitting_user()
    organisation = data["organisation"]
    new_organisation = None
    if organisation is None:
        organisation = new_organisation = Organisation.objects.create(
            name=data["new_organisation_name"],
            country=data["new_organisation_country"],
            website=data["new_organisation_website"],
            locale_id=index.locale_id,
            awaiting_review=True,
        )
    activity = build_activity(data, index, [organisation, *data["co_organisers"]])
    activity.owner = user
    index.add_child(instance=activity)
    activity.save_revision(user=user, log_action=True)
    registration = ActivityRegistration.objects.create(
        contact_name=data["contact_name"],
        contact_email=data["contact_email"],
        language=index.locale.language_code,
        page=activity,
        new_organisation=new_organisation,
        channel=channel,
    )
    start_moderation(activity, user)
    transaction.on_commit(lambda: emails.send_confirmation(registration))
    return registration


def build_activity(data, index, organisations):
    """The unsaved draft ``ActivityPage`` of a registration."""
    fields = ("title", "summary", "start_date", "start_time", "end_date", "end_time")
    fields += ("time_zone", "attendance_mode", "venue", "city", "country", "online_url")
    activity = ActivityPage(
        **{name: data[name] for name in fields},
        slug=find_available_slug(
            index, slugify(data["title"], allow_unicode=True)[:80] or "activity"
        ),
        languages=data["languages"],
        body=body_blocks(data),
        locale_id=index.locale_id,
        live=False,
        has_unpublished_changes=True,
    )
    activity.themes.set(list(data["themes"]))
    unique = list(dict.fromkeys(organisations))
    activity.organisers = [
        ActivityOrganiser(organisation=organisation, sort_order=order)
        for order, organisation in enumerate(unique)
    ]
    return activity


def free_slug(index, title):
    """A slug from ``title`` (in its own script) that no child of ``index`` has."""
    return find_available_slug(index, slugify(title, allow_unicode=True)[:80] or "activity")


def body_blocks(data):
    """The description as paragraphs (plain text, escaped into rich text), and the
    co-organisers that are not in the list."""
    paragraphs = [part.strip() for part in data["description"].split("\n\n") if part.strip()]
    if data["other_co_organisers"]:
        paragraphs.append(
            gettext("Co-organisers: %(names)s") % {"names": data["other_co_organisers"]}
        )
    return [
        ("paragraph", RichText("<p>" + escape(text).replace("\n", "<br/>") + "</p>"))
        for text in paragraphs
    ]


def start_moderation(activity, user):
    """Start the workflow Wagtail assigns to the activity's place in the tree, which notifies
    its moderators as Wagtail does; without one, the draft waits in the admin."""
    workflow = activity.get_workflow()
    if workflow is None:
        logger.warning("No moderation workflow applies to the registered activity %s.", activity.pk)
        return None
    return workflow.start(activity, user)


def decide(page_id, decision):
    """Record ``decision`` on the pending registrations of the page ``page_id`` and tell each
    submitter once the transaction commits."""
    pending = ActivityRegistration.objects.filter(
        page_id=page_id, decision=ActivityRegistration.Decision.PENDING
    ).select_related("page")
    for registration in pending:
        registration.decision = decision
        registration.decided_at = timezone.now()
        registration.save(update_fields=["decision", "decided_at"])
        transaction.on_commit(lambda registration=registration: emails.send_decision(registration))


def on_page_published(sender, instance, **kwargs):
    """A moderator published a registered activity: its organisations are reviewed (they go
    public with it) and the submitter is told."""
    if not isinstance(instance, ActivityPage):
        return
    awaiting = Organisation.objects.filter(
        organised_activities__page=instance, awaiting_review=True
    )
    for organisation in awaiting:
        organisation.awaiting_review = False
        organisation.save()  # through save(), so that kept answers naming it are invalidated
    decide(instance.pk, ActivityRegistration.Decision.PUBLISHED)


def on_workflow_rejected(sender, instance, **kwargs):
    """A moderator declined a page in its workflow: if it is a registered activity, the
    submitter is told. (``instance.object_id`` is the page's id; its ``content_object`` is a
    plain ``Page``.)"""
    if instance.object_id.isdigit():
        decide(int(instance.object_id), ActivityRegistration.Decision.DECLINED)


def register_signal_handlers():
    page_published.connect(on_page_published, dispatch_uid="icssi_registration_published")
    workflow_rejected.connect(
        on_workflow_rejected, sender=WorkflowState, dispatch_uid="icssi_registration_rejected"
    )
