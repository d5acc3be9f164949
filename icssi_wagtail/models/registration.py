"""The registration form's page, and the private record of each registration.

``ActivityRegistrationPage`` is a page an editor places (under a call to action, or anywhere a
page may go): it names the activity index new activities go into and the charter of
principles submitters agree to. ``ActivityRegistration`` keeps what must never be public, the
submitter's contact, apart from the draft activity: no page, API, GraphQL type, feed,
calendar, sitemap or search index reads it.
"""

import datetime
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as subpage
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..conf import get_setting
from ..request_memo import is_public
from .base import IcssiPageMixin, intro_text
from .fields import WebURLField
from .translation import PAGE_FIELDS, synchronised, translated

# Unambiguous letters and digits (no 0/O, 1/I/L): a reference read out on the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_PATTERN = r"^ICSSI-[A-Z2-9]{4}-[A-Z2-9]{4}$"


def new_reference():
    """A random reference such as ``ICSSI-7KQM-C3XA`` (about 40 bits)."""
    letters = "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(8))
    return f"ICSSI-{letters[:4]}-{letters[4:]}"


class AbstractActivityRegistrationPage(IcssiPageMixin, RoutablePageMixin, Page):
    """A form through which organisations register activities for moderators to publish.

    A site may extend it (another template, more fields) without forking it; the form itself
    comes from ``get_form_class``.
    """

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown above the form: who may register, and what happens next."),
    )
    activity_index = models.ForeignKey(
        "icssi_wagtail.ActivityIndexPage",
        verbose_name=_("activity index"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Registered activities are created as drafts under this index (its translation "
            "in the form's language, where it has one)."
        ),
    )
    charter_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("charter page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page of the charter of principles submitters agree to."),
    )
    charter_url = WebURLField(
        _("charter address"),
        blank=True,
        help_text=_("Or the charter's address on another site."),
    )
    thank_you_text = models.TextField(
        _("thank-you text"),
        blank=True,
        max_length=1000,
        help_text=_("Shown after sending; leave empty for the standard text."),
    )

    subpage_types = []
    template = "icssi_wagtail/registration/activity_registration_page.html"
    thanks_template = "icssi_wagtail/registration/thanks.html"

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        PageChooserPanel("activity_index", "icssi_wagtail.ActivityIndexPage"),
        MultiFieldPanel(
            [FieldPanel("charter_page"), FieldPanel("charter_url")],
            heading=_("Charter of principles"),
        ),
        FieldPanel("thank_you_text"),
    ]
    override_translatable_fields = [
        *PAGE_FIELDS,
        *translated("intro", "thank_you_text"),
        *synchronised("activity_index", "charter_page"),
        *synchronised("charter_url", overridable=True),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("charter_address")]

    class Meta:
        abstract = True

    def clean_for_publishing(self):
        from django.core.exceptions import ValidationError

        super().clean_for_publishing()
        if not self.charter_page_id and not self.charter_url:
            raise ValidationError(
                {"charter_url": _("Choose the charter's page or give its address.")}
            )

    def get_share_description(self):
        return self.search_description or intro_text(self.intro)

    def get_activity_index(self):
        """Hook: the index a registration's draft activity goes under: the chosen index's
        translation in this page's language where it has one, else the index itself;
        ``None`` when it is gone."""
        chosen = self.activity_index
        if chosen is None:
            return None
        if chosen.locale_id != self.locale_id:
            translated_index = chosen.get_translation_or_none(self.locale_id)
            if translated_index is not None:
                return translated_index
        return chosen

    @property
    def charter_address(self):
        """The charter's address: its page (in this page's language where it is translated
        and public), else ``charter_url``."""
        page = self.charter_page
        if page is not None:
            translated_page = page.get_translation_or_none(self.locale_id) or page
            for candidate in (translated_page, page):
                if candidate.live and is_public(candidate):
                    return candidate.url
        return self.charter_url

    def get_form_class(self):
        """Hook: the form class of this page (``forms.ActivityRegistrationForm``)."""
        from ..registration.forms import ActivityRegistrationForm

        return ActivityRegistrationForm

    @subpage("", name="form")
    def form_view(self, request):
        from ..registration.views import serve_form

        return serve_form(self, request)

    @subpage("thanks/", name="thanks")
    def thanks_view(self, request):
        from ..registration.views import serve_thanks

        return serve_thanks(self, request)


class ActivityRegistrationPage(AbstractActivityRegistrationPage):
    class Meta:
        verbose_name = _("activity registration form")
        verbose_name_plural = _("activity registration forms")


class Decision(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")


class Channel(models.TextChoices):
    PAGE = "page", _("Registration form")
    API = "api", _("API")


class ActivityRegistrationQuerySet(models.QuerySet):
    def matching(self, term):
        """The registrations whose reference or contact e-mail is ``term``."""
        term = (term or "").strip()
        return self.filter(models.Q(reference__iexact=term) | models.Q(contact_email__iexact=term))

    def expired(self, now=None):
        """The registrations past their retention (``REGISTRATION_RETENTION_DAYS`` after the
        decision, ``REGISTRATION_UNDECIDED_RETENTION_DAYS`` after sending when undecided)."""
        now = now or timezone.now()
        decided = now - datetime.timedelta(days=get_setting("REGISTRATION_RETENTION_DAYS"))
        undecided = now - datetime.timedelta(
            days=get_setting("REGISTRATION_UNDECIDED_RETENTION_DAYS")
        )
        return self.filter(
            models.Q(decided_at__lt=decided)
            | models.Q(decided_at__isnull=True, created_at__lt=undecided)
        )


class ActivityRegistration(models.Model):
    """One registration: its reference, the submitter's private contact, the language of
    their e-mails and the draft activity it created. Deleting it forgets the contact; the
    activity stays, a moderator's to publish or delete."""

    Decision = Decision
    Channel = Channel

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, default=new_reference, editable=False
    )
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"), max_length=254, db_index=True)
    language = models.CharField(_("language"), max_length=15)
    page = models.ForeignKey(
        "icssi_wagtail.ActivityPage",
        verbose_name=_("activity"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    new_organisation = models.ForeignKey(
        "icssi_wagtail.Organisation",
        verbose_name=_("new organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(
        _("sent through"), max_length=10, choices=Channel.choices, default=Channel.PAGE
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = ActivityRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity registration")
        verbose_name_plural = _("activity registrations")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.reference
