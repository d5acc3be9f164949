"""Bench content: the six ICSSI themes, organisations, a call to action, an activity index and
thousands of activities, created in bulk.

``Page.add_child`` costs about a dozen queries per page (tree bookkeeping, revisions, search
index, signals); 10,000 of them take minutes. Activities are therefore inserted in batches: the
``wagtailcore_page`` rows with ``bulk_create`` (their treebeard ``path``, ``depth`` and the
parent's ``numchild`` computed here), then the ``ActivityPage`` rows, images, themes and
organisers. They are live and public, with no revisions and no search index entries: neither is
read by the pages and endpoints measured. :func:`tree_problems` checks the tree afterwards.
"""

import datetime
import hashlib
import io
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from icssi_wagtail.cache import invalidate_all
from icssi_wagtail.listing import forget_counts
from icssi_wagtail.management.demo_content import THEMES
from icssi_wagtail.models import (
    ActivityIndexPage,
    ActivityOrganiser,
    ActivityPage,
    ActivityPageTheme,
    CallToActionPage,
    Organisation,
    Theme,
)

ORGANISATION_COUNT = 40
COUNTRIES = ["IQ", "TN", "IT", "FR", "BD", "TR", "SY", "GB"]
PLACES = [
    ("Tunis", "TN", "Africa/Tunis"),
    ("Baghdad", "IQ", "Asia/Baghdad"),
    ("Basra", "IQ", "Asia/Baghdad"),
    ("Erbil", "IQ", "Asia/Baghdad"),
    ("Rome", "IT", "Europe/Rome"),
    ("", "", "UTC"),
]
MODES = ["in_person", "parallel", "online", "hybrid"]
BATCH = 500


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>", "id": str(uuid.uuid4())}


def body_blocks(number):
    """Five blocks of an activity's body: heading, paragraph, quote, statistic and button."""
    return [
        {"type": "heading", "value": f"About activity {number}", "id": str(uuid.uuid4())},
        paragraph(
            f"Activity {number} brings Iraqi organisations and their partners together to "
            "discuss <b>peace</b>, human rights and the campaigns of civil society."
        ),
        {
            "type": "quote",
            "value": {
                "quote": "If the Iraqi people ask for solidarity, we cannot refuse.",
                "attribution": "Quazi Baby, PDAP",
            },
            "id": str(uuid.uuid4()),
        },
        {
            "type": "statistic",
            "value": {
                "figure": f"{number % 90 + 10}",
                "label": "organisations taking part",
                "source": "ICSSI",
                "source_url": "",
            },
            "id": str(uuid.uuid4()),
        },
        {
            "type": "button",
            "value": {
                "label": "Read the programme",
                "page": None,
                "document": None,
                "url": f"https://example.org/programme/{number}",
            },
            "id": str(uuid.uuid4()),
        },
    ]


def png_bytes(number):
    """A tiny PNG (32×18), a different colour for each activity."""
    colour = ((number * 37) % 256, (number * 71) % 256, (number * 113) % 256)
    buffer = io.BytesIO()
    PILImage.new("RGB", (32, 18), colour).save(buffer, format="PNG")
    return buffer.getvalue()


class BenchContent:
    """The pages and snippets the benchmark requests, created once; activities added on demand.

    Attributes set by :meth:`create_base`: ``call``, ``index``, ``baseline`` (a plain Wagtail
    page beside the index) and ``activity`` (set by :meth:`add_activities`).
    """

    def __init__(self, seed=2015):
        self.random = random.Random(seed)  # noqa: S311 - reproducible content, not secrets
        self.locale = None
        self.themes = []
        self.organisations = []
        self.activity_count = 0
        self.activity = None

    # Base content, through Wagtail's own APIs (a handful of pages).

    @transaction.atomic
    def create_base(self):
        self.locale = Locale.get_default()
        home = Site.objects.get(is_default_site=True).root_page
        self.themes = [
            Theme.objects.create(locale=self.locale, sort_order=position, **data)
            for position, data in enumerate(THEMES)
        ]
        self.organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Civil society organisation {n}",
                acronym=f"CSO{n}",
                country=COUNTRIES[n % len(COUNTRIES)],
                website=f"https://cso{n}.example.org/",
                locale=self.locale,
            )
            for n in range(1, ORGANISATION_COUNT + 1)
        )
        self.call = self.publish(home, self.call_to_action())
        self.index = self.publish(
            self.call, ActivityIndexPage(title="Activities", slug="activities", intro="")
        )
        # The page-serving baseline: a plain Wagtail page beside the index (same parent, depth).
        self.baseline = self.publish(self.call, Page(title="A plain Wagtail page", slug="plain"))

    def publish(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    def call_to_action(self):
        today = timezone.now().date()
        page = CallToActionPage(
            title="Join Iraqi activists at the World Social Forum!",
            slug="wsf",
            headline="Join Iraqi activists at the World Social Forum!",
            standfirst="Meet the Iraqi delegation.",
            event_name="World Social Forum",
            city="Tunis",
            country="TN",
            time_zone="Africa/Tunis",
            start_date=today + datetime.timedelta(days=60),
            end_date=today + datetime.timedelta(days=64),
            registration_url="https://example.org/register",
            body=[
                ("heading", "The forum"),
                ("paragraph", "<p>The World Social Forum gathers social movements.</p>"),
                ("statistic", {"figure": "45", "label": "Iraqi organisations"}),
                ("quote", {"quote": "We cannot refuse.", "attribution": "Quazi Baby"}),
                (
                    "call_to_action",
                    {
                        "heading": "Register",
                        "text": "",
                        "button": {"label": "Register", "url": "https://example.org/register"},
                    },
                ),
            ],
        )
        page.themes.set([self.theme("water"), self.theme("solidarity")])
        return page

    def theme(self, slug):
        return next(theme for theme in self.themes if theme.slug == slug)

    # Activities, in bulk.

    def add_activities(self, total):
        """Add activities until there are ``total``, in batches of ``BATCH``."""
        while self.activity_count < total:
            count = min(BATCH, total - self.activity_count)
            with transaction.atomic():
                self.add_batch(self.activity_count + 1, count)
            self.activity_count += count
        self.activity = ActivityPage.objects.filter(slug="activity-00001").get()
        # Bulk inserts send no publish signal: forget the answers kept at the previous size.
        invalidate_all()
        forget_counts()  # bulk inserts send no signal: the listing counts them again

    def add_batch(self, first, count):
        numbers = range(first, first + count)
        index = Page.objects.get(pk=self.index.pk)  # fresh numchild
        images = self.create_images(numbers)
        pages = Page.objects.bulk_create(
            self.tree_page(index, index.numchild + position + 1, number)
            for position, number in enumerate(numbers)
        )
        activities = [
            self.activity_row(page, number, image)
            for page, number, image in zip(pages, numbers, images, strict=True)
        ]
        insert_child_rows(ActivityPage, activities)
        Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + count)
        ActivityPageTheme.objects.bulk_create(
            ActivityPageTheme(content_object_id=page.pk, tag=theme)
            for page in pages
            for theme in self.random.sample(self.themes, self.random.choice((1, 2)))
        )
        ActivityOrganiser.objects.bulk_create(
            ActivityOrganiser(page_id=page.pk, organisation=organisation, sort_order=order)
            for page in pages
            for order, organisation in enumerate(
                self.random.sample(self.organisations, self.random.choice((1, 2)))
            )
        )

    def create_images(self, numbers):
        Image = get_image_model()
        field = Image._meta.get_field("file")
        images = []
        for number in numbers:
            data = png_bytes(number)
            image = Image(
                title=f"Activity {number}",
                width=32,
                height=18,
                file_size=len(data),
                file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
            )
            name = field.generate_filename(image, f"activity-{number:05d}.png")
            image.file.name = field.storage.save(name, ContentFile(data))
            images.append(image)
        return Image.objects.bulk_create(images)

    def tree_page(self, index, step, number):
        """The ``wagtailcore_page`` row of an activity: the ``step``-th child of ``index``."""
        slug = f"activity-{number:05d}"
        title = f"Activity {number}: civil society and solidarity"
        published = timezone.now() - datetime.timedelta(minutes=number)
        return Page(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=ContentType.objects.get_for_model(ActivityPage),
            # treebeard's materialised path: the parent's path plus a 4-character step.
            path=Page._get_path(index.path, index.depth + 1, step),
            depth=index.depth + 1,
            numchild=0,
            url_path=f"{index.url_path}{slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            locale=self.locale,
            translation_key=uuid.uuid4(),
        )

    def activity_row(self, page, number, image):
        city, country, zone = self.random.choice(PLACES)
        mode = MODES[number % len(MODES)]
        start = timezone.now().date() + datetime.timedelta(days=self.random.randint(-365, 730))
        hour = self.random.randint(8, 18)
        activity = ActivityPage(
            page_ptr_id=page.pk,
            summary=f"Summary of activity {number}: Iraqi and international activists meet.",
            body=body_blocks(number),
            attendance_mode=mode,
            online_url="https://meet.example.org/" if mode in ("online", "hybrid") else "",
            languages=["ar", "en"],
            interpretation_languages=["fr"] if number % 3 else [],
            registration_url=f"https://example.org/register/{number}",
            status="cancelled" if number % 50 == 0 else "scheduled",
            image_id=image.pk,
            venue="Campus" if city else "",
            city=city,
            country=country,
            time_zone=zone,
            start_date=start,
            start_time=datetime.time(hour, 0),
            end_date=start + datetime.timedelta(days=number % 2),
            end_time=datetime.time(hour + 2, 30),
        )
        activity.compute_instants()
        return activity


def insert_child_rows(model, objects):
    """Insert the rows of ``model``'s own table for parents that already exist.

    Django's ``bulk_create`` refuses multi-table inherited models; ``Model.save_base(raw=True)``
    would insert one row at a time and send signals (search indexing). This is the insert that
    ``save_base`` performs, for a batch.
    """
    fields = model._meta.local_concrete_fields
    batch = connection.ops.bulk_batch_size(fields, objects) or len(objects)
    for start in range(0, len(objects), batch):
        model._base_manager._insert(objects[start : start + batch], fields=fields)


def tree_problems():
    """treebeard's ``find_problems`` for the whole page tree: five lists, all empty if sound."""
    return dict(
        zip(
            ("bad characters", "bad step length", "orphans", "wrong depth", "wrong numchild"),
            Page.find_problems(),
            strict=True,
        )
    )
