"""Load the demo content: ICSSI's call to join the World Social Forum 2015 in Tunis.

Idempotent: objects are found by stable keys (theme slug and organisation name in the default
locale, page slug under its parent) and left untouched when they exist, so a second run
changes nothing: no new rows, no new revisions, no changed fields.
"""

import datetime
import json
from io import BytesIO
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from ...models import (
    ActivityIndexPage,
    ActivityOrganiser,
    ActivityPage,
    ActivityRegistrationPage,
    CallToActionPage,
    CallToActionTestimonial,
    Organisation,
    OrganisationDirectoryPage,
    TestimonialIndexPage,
    TestimonialPage,
    Theme,
)
from .. import demo_content as content
from .. import demo_images

Image = get_image_model()

# The Arabic translation of the demo content, as a translator's PO file: msgid is the English.
ARABIC_PO = Path(__file__).resolve().parent.parent / "demo_content_ar.po"


def paragraph(text):
    """A paragraph block; ``text`` is plain text, escaped into Wagtail's rich text format."""
    return ("paragraph", RichText(f"<p>{escape(text)}</p>"))


class Command(BaseCommand):
    help = (
        "Load ICSSI's World Social Forum 2015 demo content: six themes, three organisations, "
        "a call to action with ten activities, and a testimonial. Objects that already exist "
        "are left untouched, so the command is safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--parent",
            type=int,
            metavar="PAGE_ID",
            help="ID of the page to put the demo under (default: the default site's root page).",
        )

    def handle(self, *args, parent=None, **options):
        self.created, self.found = [], []
        with transaction.atomic():
            parent_page = self.get_parent(parent)
            self.locale = self.get_locale()
            themes = self.load_themes()
            organisations = self.load_organisations()
            self.images = self.load_images()
            testimonial = self.load_testimonial(parent_page, organisations)
            index = self.load_call_to_action(parent_page, themes, testimonial)
            self.load_activities(index, themes, organisations)
            if self.can_translate():
                self.load_translations(
                    [
                        # The site's own themes are the site's to translate.
                        *filter(self.is_demo_theme, themes.values()),
                        *organisations.values(),
                        testimonial.get_parent().specific,
                        testimonial,
                        index.get_parent().specific,
                        index,
                        *ActivityRegistrationPage.objects.child_of(index.get_parent()),
                        *OrganisationDirectoryPage.objects.child_of(index.get_parent()),
                        *ActivityPage.objects.child_of(index).order_by("path"),
                    ]
                )
        self.report(options["verbosity"])

    def report(self, verbosity):
        self.stdout.write(f"Created {len(self.created)}, already present {len(self.found)}.")
        if verbosity >= 1:
            for label in self.created:
                self.stdout.write(f"  created {label}")
        if verbosity >= 2:
            for label in self.found:
                self.stdout.write(f"  found   {label}")
        if not self.created:
            self.stdout.write(
                self.style.SUCCESS("The demo content already exists: nothing changed.")
            )
        else:
            self.stdout.write(self.style.SUCCESS("Demo content loaded."))

    def get_parent(self, parent_id):
        if parent_id is not None:
            page = Page.objects.filter(pk=parent_id).first()
            if page is None:
                raise CommandError(f"There is no page with ID {parent_id}.")
        else:
            site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
            if site is None:
                raise CommandError(
                    "There is no default site. Create one in the Wagtail admin (Settings > "
                    "Sites), or pass --parent PAGE_ID."
                )
            page = site.root_page
        page = page.specific
        for model in (CallToActionPage, TestimonialIndexPage):
            if not model.can_exist_under(page):
                raise CommandError(
                    f"A {model._meta.verbose_name} cannot be created under “{page.title}” "
                    f"(ID {page.pk}). Pass --parent with the ID of another page."
                )
        return page

    def get_locale(self):
        try:
            return Locale.get_default()
        except Locale.DoesNotExist:
            raise CommandError(
                "The default locale (LANGUAGE_CODE) does not exist yet. Run `migrate` first, "
                "or create it in the Wagtail admin (Settings > Locales)."
            ) from None

    def note(self, created, label):
        (self.created if created else self.found).append(label)

    def load_themes(self):
        themes = {}
        for order, data in enumerate(content.THEMES, start=1):
            theme = self.find_theme(data)
            created = theme is None
            if created:
                theme = Theme.objects.create(
                    slug=data["slug"],
                    name=data["name"],
                    description=data["description"],
                    sort_order=order,
                    locale=self.locale,
                )
            self.note(created, f"theme {theme.slug}")
            themes[data["slug"]] = theme
        return themes

    def find_theme(self, data):
        """The site's theme for the demo theme ``data``: the one with its slug, else the one
        with its name (a name is unique in each language too, whatever the slug); ``None``
        when neither exists. A theme found by name is reused, and the output says so."""
        themes = Theme.objects.filter(locale=self.locale)
        theme = themes.filter(slug=data["slug"]).first()
        if theme is None:
            theme = themes.filter(name__iexact=data["name"]).first()
            if theme is not None:
                message = _(
                    "Reusing the site's theme “%(name)s” (slug “%(slug)s”) for the demo's "
                    "theme “%(demo_slug)s”, which has the same name."
                ) % {"name": theme.name, "slug": theme.slug, "demo_slug": data["slug"]}
                self.stdout.write(self.style.WARNING(message))
        return theme

    def is_demo_theme(self, theme):
        """Whether ``theme`` holds the demo's own text, which the demo's translation covers."""
        data = next((item for item in content.THEMES if item["slug"] == theme.slug), None)
        return data is not None and (theme.name, theme.description) == (
            data["name"],
            data["description"],
        )

    def load_organisations(self):
        organisations = {}
        for data in content.ORGANISATIONS:
            fields = {key: value for key, value in data.items() if key not in ("key", "name")}
            organisation, created = Organisation.objects.get_or_create(
                name=data["name"], locale=self.locale, defaults=fields
            )
            self.note(created, f"organisation {organisation.name}")
            organisations[data["key"]] = organisation
        return organisations

    def load_images(self):
        """The demo's illustrations (demo_images.py, CC0), found by title or drawn and saved."""
        images = {}
        for key, (title, filename, alt) in content.IMAGES.items():
            image = Image.objects.filter(title=title).first()
            self.note(image is None, f"image {title}")
            if image is None:
                data = demo_images.png(demo_images.DRAWINGS[key])
                image = Image(title=title, description=alt, file=ImageFile(BytesIO(data), filename))
                image._set_image_file_metadata()  # size and hash, as Wagtail's upload form does
                image.save()
            images[key] = image
        return images

    def existing(self, parent, model, slug):
        """The page of ``model`` with ``slug`` under ``parent``, noted as found; or ``None``."""
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is not None:
            self.note(False, f"page {page.url_path}")
        return page

    def publish(self, parent, page):
        """Add ``page`` under ``parent`` and publish its first revision."""
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.note(True, f"page {page.url_path}")
        return page

    def load_index(self, parent, model, slug, title, intro, **fields):
        index = self.existing(parent, model, slug)
        if index is not None:
            return index
        index = model(title=title, slug=slug, intro=f"<p>{intro}</p>", **fields)
        return self.publish(parent, index)

    def load_testimonial(self, parent, organisations):
        index = self.load_index(
            parent,
            TestimonialIndexPage,
            "testimonials",
            "Testimonials",
            "Accounts of people who travelled to forums with Iraqi civil society.",
            show_in_menus=True,  # in the site header's menu, beside the call to action
        )
        data = dict(content.TESTIMONIAL)
        existing = self.existing(index, TestimonialPage, data["slug"])
        if existing is not None:
            return existing
        paragraphs = data.pop("paragraphs")
        page = TestimonialPage(
            **data,
            organisation=organisations["pdap"],
            body=[paragraph(text) for text in paragraphs],
            photo=self.images["testimonial"],
            photo_consent=True,
            photo_consent_date=content.PHOTO_CONSENT_DATE,
        )
        return self.publish(index, page)

    def load_call_to_action(self, parent, themes, testimonial):
        """Load the call to action and its activity index; return the index."""
        data = content.CALL_TO_ACTION
        page = self.existing(parent, CallToActionPage, data["slug"])
        if page is not None:
            index = self.load_activity_index(page)
            self.load_registration_page(page, index)
            self.load_directory_page(page)
            return index
        page = CallToActionPage(**data, show_in_menus=True)
        page.themes.set(list(themes.values()))
        page.related_testimonials = [CallToActionTestimonial(testimonial=testimonial)]
        # The body points at the activity index, a child of the page: put the page in the tree
        # first, then publish it once, with its body, as its first revision.
        parent.add_child(instance=page)
        index = self.load_activity_index(page)
        registration = self.load_registration_page(page, index)
        directory = self.load_directory_page(page)
        page.body = self.call_to_action_body(testimonial, index, registration, directory)
        page.save_revision().publish()
        self.note(True, f"page {page.url_path}")
        return index

    def load_activity_index(self, call):
        return self.load_index(
            call,
            ActivityIndexPage,
            "activities",
            "Activities",
            "Activities registered by member organisations of the Iraqi Social Forum and "
            "their international partners, in Tunis and in Iraq.",
        )

    def load_registration_page(self, call, index):
        """The form through which organisations register activities into ``index``."""
        data = dict(content.REGISTRATION)
        page = self.existing(call, ActivityRegistrationPage, data["slug"])
        if page is not None:
            return page
        intro = data.pop("intro")
        page = ActivityRegistrationPage(
            **data, intro=f"<p>{escape(intro)}</p>", activity_index=index
        )
        return self.publish(call, page)

    def load_directory_page(self, call):
        """The directory of the organisations taking part, under the call to action."""
        data = content.DIRECTORY
        return self.load_index(
            call, OrganisationDirectoryPage, data["slug"], data["title"], data["intro"]
        )

    def figure(self, key, caption):
        """An image block of the demo's picture ``key``, with its alt text."""
        image = self.images[key]
        image.contextual_alt_text, image.decorative = image.description, False
        return ("image", {"image": image, "caption": caption})

    def call_to_action_body(self, testimonial, index, registration, directory):
        return [
            self.figure("call", content.CALL_IMAGE_CAPTION),
            *(paragraph(text) for text in content.ARTICLE),
            ("heading", "The forum in figures"),
            *(("statistic", statistic) for statistic in content.STATISTICS),
            ("statistic", content.LIVE_STATISTIC),
            ("button", {"label": content.DIRECTORY["title"], "page": directory}),
            (
                "call_to_action",
                {
                    "heading": "Register for the World Social Forum",
                    "text": RichText(
                        "<p>Anyone endorsing the charter of principles of the WSF can take "
                        "part in the event and register through its website.</p>"
                    ),
                    "button": {
                        "label": content.CALL_TO_ACTION["button_label"],
                        "url": content.CALL_TO_ACTION["registration_url"],
                    },
                },
            ),
            (
                "call_to_action",
                {
                    "heading": content.REGISTRATION_BLOCK["heading"],
                    "text": RichText(f"<p>{escape(content.REGISTRATION_BLOCK['text'])}</p>"),
                    "button": {"label": content.REGISTRATION["title"], "page": registration},
                },
            ),
            ("heading", "Themes of the Iraqi activities"),
            paragraph(content.ACTIVITIES_INTRO),
            ("theme_list", {"heading": "", "index": index, "themes": []}),
            (
                "activity_list",
                {
                    "heading": "Activities in Tunis and in Iraq",
                    "themes": [],
                    "index": index,
                    "count": 5,
                    "upcoming_only": False,
                },
            ),
            paragraph(content.WOMEN),
            ("heading", "Solidarity that travels"),
            paragraph(content.SOLIDARITY),
            ("testimonial", {"page": testimonial}),
            paragraph(content.CLOSING),
        ]

    def load_activities(self, index, themes, organisations):
        for data in content.ACTIVITIES:
            if self.existing(index, ActivityPage, data["slug"]) is None:
                self.publish(index, self.build_activity(data, themes, organisations))

    def build_activity(self, data, themes, organisations):
        data = dict(data)
        start_hour, start_minute, end_hour, end_minute = data.pop("time")
        slugs = data.pop("themes")
        page = ActivityPage(
            start_date=datetime.date(2015, 3, data.pop("day")),
            start_time=datetime.time(start_hour, start_minute),
            end_time=datetime.time(end_hour, end_minute),
            interpretation_languages=data.pop("interpretation"),
            body=[paragraph(data.pop("body"))],
        )
        page.themes.set([themes[slug] for slug in slugs])
        page.image = self.images[slugs[0]]
        page.organisers = [
            ActivityOrganiser(organisation=organisations[key], sort_order=position)
            for position, key in enumerate(data.pop("organisers"))
        ]
        for field, value in data.items():
            setattr(page, field, value)
        return page

    def can_translate(self):
        """Translations need wagtail-localize, i18n and Arabic among the content languages."""
        if not apps.is_installed("wagtail_localize") or not getattr(
            settings, "WAGTAIL_I18N_ENABLED", False
        ):
            self.stdout.write("wagtail-localize or WAGTAIL_I18N_ENABLED is off: no translations.")
            return False
        languages = dict(getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES))
        if "ar" not in languages:
            self.stdout.write("Arabic is not in WAGTAIL_CONTENT_LANGUAGES: no translation.")
            return False
        return True

    def load_translations(self, objects):
        """Translate ``objects`` into Arabic through wagtail-localize, as a translator would by
        uploading a PO file, and publish them; a translator can open and edit each one.
        ``objects`` come parents first."""
        arabic = Locale.objects.get_or_create(language_code="ar")[0]
        texts = {entry.msgid: entry.msgstr for entry in polib.pofile(str(ARABIC_PO))}
        for instance in objects:
            label = f"Arabic translation of {instance._meta.verbose_name} “{instance}”"
            if instance.get_translation_or_none(arabic) is not None:
                self.note(False, label)
                continue
            self.translate(instance, arabic, texts)
            self.note(True, label)

    def translate(self, instance, locale, texts):
        # wagtail-localize is optional: imported only where it is used.
        from wagtail_localize.models import Translation, TranslationSource

        source = TranslationSource.get_or_create_from_instance(instance)[0]
        translation = Translation.objects.get_or_create(source=source, target_locale=locale)[0]
        po = translation.export_po()
        missing = [entry.msgid for entry in po if not texts.get(entry.msgid)]
        if missing:
            raise CommandError(f"{ARABIC_PO.name} has no Arabic for: " + "; ".join(missing[:5]))
        for entry in po:
            entry.msgstr = texts[entry.msgid]
        translation.import_po(po, tool_name="ICSSI demo")
        self.override_names(source, locale, texts)
        self.save_translation(instance, locale)

    def override_names(self, source, locale, texts):
        """Give the overridable texts that the PO file translates (an organisation's name) in
        ``locale``, as a translator would in the editor's overrides: a re-sync keeps them."""
        # wagtail-localize is optional: imported only where it is used.
        from wagtail_localize.models import OverridableSegment, SegmentOverride

        for segment in OverridableSegment.objects.filter(source=source).select_related("context"):
            value = json.loads(segment.data_json)
            if isinstance(value, str) and texts.get(value):
                SegmentOverride.objects.update_or_create(
                    locale=locale,
                    context=segment.context,
                    defaults={"data_json": json.dumps(texts[value])},
                )

    def save_translation(self, instance, locale):
        """Create or update the translation of ``instance`` and publish it now.

        wagtail-localize publishes a page when the transaction commits, from the page as it was
        before its translated children were added: that writes a stale ``numchild`` and breaks
        the tree (children answer 404, new translations fail). So pages are saved as drafts and
        their revision is published here, from the page as stored."""
        # wagtail-localize is optional: imported only where it is used.
        from wagtail_localize.models import TranslationSource

        source = TranslationSource.objects.get_for_instance(instance)
        is_page = isinstance(instance, Page)
        source.create_or_update_translation(
            locale, publish=not is_page, copy_parent_pages=True, fallback=True
        )
        if is_page:
            instance.get_translation(locale).get_latest_revision().publish()
