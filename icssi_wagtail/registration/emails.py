"""The submitter's e-mails, in the language they registered in: a confirmation with the
reference, then the moderators' decision (published, with the activity's address, or
declined). Templates: ``icssi_wagtail/registration/email/<kind>_subject.txt`` and
``<kind>.txt``, which a site may override."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from ..conf import get_setting

TEMPLATES = "icssi_wagtail/registration/email/"


def send(registration, kind, **context):
    """Send the e-mail ``kind`` to ``registration``'s contact in its language."""
    context = {
        "registration": registration,
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
        **context,
    }
    with translation.override(registration.language):
        subject = render_to_string(f"{TEMPLATES}{kind}_subject.txt", context)
        body = render_to_string(f"{TEMPLATES}{kind}.txt", context)
    sender = get_setting("REGISTRATION_FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL
    # One line: a subject is a header.
    subject = " ".join(subject.split())
    return send_mail(subject, body, sender, [registration.contact_email])


def send_confirmation(registration):
    page = registration.page
    return send(registration, "confirmation", title=page.title if page else "")


def send_decision(registration):
    """The moderators' decision on the registration's activity: ``published`` (with its
    address) or ``declined``."""
    page = registration.page
    if page is None:  # deleted meanwhile
        return 0
    kind = registration.decision
    url = page.get_full_url() if kind == registration.Decision.PUBLISHED else ""
    return send(registration, kind, title=page.title, url=url)
