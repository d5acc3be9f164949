"""Load the demo content: ICSSI's call to join the World Social Forum 2015 in Tunis.

Idempotent: objects are found by stable keys (theme slug, organisation name, page slug under
its parent) and left untouched when they exist, so a second run changes nothing.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from ...models import (
    ActivityIndexPage,
    ActivityOrganiser,
    ActivityPage,
    CallToActionPage,
    CallToActionTestimonial,
    Organisation,
    TestimonialIndexPage,
    TestimonialPage,
    Theme,
)
from .. import demo_content as content


def paragraph(text):
    return ("paragraph", RichText(f"<p>{text}</p>"))


class Command(BaseCommand):
    help = "Load ICSSI's World Social Forum 2015 demo content (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--parent",
            type=int,
            help="ID of the page to put the demo under (default: the default site's root page).",
        )

    def handle(self, *args, parent=None, **options):
        self.created, self.found = [], []
        with transaction.atomic():
            parent_page = self.get_parent(parent)
            self.locale = Locale.get_default()
            themes = self.load_themes()
            organisations = self.load_organisations()
            testimonial = self.load_testimonial(parent_page, organisations)
            call = self.load_call_to_action(parent_page, themes, testimonial)
            self.load_activities(call, themes, organisations)
        self.stdout.write(f"Created {len(self.created)}, already present {len(self.found)}.")
        for label in self.created:
            self.stdout.write(f"  created {label}")

    def get_parent(self, parent_id):
        if parent_id is not None:
            page = Page.objects.filter(pk=parent_id).first()
            if page is None:
                raise CommandError(f"There is no page with ID {parent_id}.")
            return page.specific
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError("There is no default site. Create one, or pass --parent PAGE_ID.")
        return site.root_page.specific

    def note(self, created, label):
        (self.created if created else self.found).append(label)

    def load_themes(self):
        themes = {}
        for order, data in enumerate(content.THEMES, start=1):
            theme, created = Theme.objects.get_or_create(
                slug=data["slug"],
                locale=self.locale,
                defaults={
                    "name": data["name"],
                    "description": data["description"],
                    "sort_order": order,
                },
            )
            self.note(created, f"theme {theme.slug}")
            themes[data["slug"]] = theme
        return themes

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

    def child(self, parent, model, slug):
        return model.objects.child_of(parent).filter(slug=slug).first()

    def publish(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.note(True, f"page {page.url_path}")
        return page

    def load_index(self, parent, model, slug, title, intro):
        index = self.child(parent, model, slug)
        if index is not None:
            self.note(False, f"page {index.url_path}")
            return index
        return self.publish(parent, model(title=title, slug=slug, intro=f"<p>{intro}</p>"))

    def load_testimonial(self, parent, organisations):
        index = self.load_index(
            parent,
            TestimonialIndexPage,
            "testimonials",
            "Testimonials",
            "Accounts of people who travelled to forums with Iraqi civil society.",
        )
        data = dict(content.TESTIMONIAL)
        existing = self.child(index, TestimonialPage, data["slug"])
        if existing is not None:
            self.note(False, f"page {existing.url_path}")
            return existing
        paragraphs = data.pop("paragraphs")
        page = TestimonialPage(
            **data,
            organisation=organisations["pdap"],
            body=[paragraph(text) for text in paragraphs],
        )
        return self.publish(index, page)

    def load_call_to_action(self, parent, themes, testimonial):
        data = content.CALL_TO_ACTION
        existing = self.child(parent, CallToActionPage, data["slug"])
        if existing is not None:
            self.note(False, f"page {existing.url_path}")
            return existing
        page = CallToActionPage(**data)
        page.themes.set(list(themes.values()))
        page.related_testimonials = [CallToActionTestimonial(testimonial=testimonial)]
        self.publish(parent, page)
        # Blocks that point at the activity index are added once the index exists.
        index = self.load_activity_index(page)
        page.body = self.call_to_action_body(testimonial, index)
        page.save_revision().publish()
        return page

    def load_activity_index(self, call):
        return self.load_index(
            call,
            ActivityIndexPage,
            "activities",
            "Activities",
            "Activities registered by member organisations of the Iraqi Social Forum and "
            "their international partners, in Tunis and in Iraq.",
        )

    def call_to_action_body(self, testimonial, index):
        statistics = [("statistic", statistic) for statistic in content.STATISTICS]
        return [
            *(paragraph(text) for text in content.ARTICLE),
            ("heading", "The forum in figures"),
            *statistics,
            (
                "call_to_action",
                {
                    "heading": "Register for the World Social Forum",
                    "text": RichText(
                        "<p>Anyone endorsing the charter of principles of the WSF can take "
                        "part in the event and register through its website.</p>"
                    ),
                    "button": {
                        "label": "Register on the WSF site",
                        "url": content.CALL_TO_ACTION["registration_url"],
                    },
                },
            ),
            ("heading", "Themes of the Iraqi activities"),
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
            ("heading", "Solidarity that travels"),
            ("testimonial", {"page": testimonial}),
            *(paragraph(text) for text in content.CLOSING),
        ]

    def load_activities(self, call, themes, organisations):
        index = self.load_activity_index(call)
        for data in content.ACTIVITIES:
            existing = self.child(index, ActivityPage, data["slug"])
            if existing is not None:
                self.note(False, f"page {existing.url_path}")
                continue
            self.publish(index, self.build_activity(data, themes, organisations))

    def build_activity(self, data, themes, organisations):
        data = dict(data)
        start_hour, start_minute, end_hour, end_minute = data.pop("time")
        day = data.pop("day")
        slugs = data.pop("themes")
        page = ActivityPage(
            **{key: data.pop(key) for key in ("slug", "title", "summary")},
            start_date=datetime.date(2015, 3, day),
            start_time=datetime.time(start_hour, start_minute),
            end_time=datetime.time(end_hour, end_minute),
            languages=data.pop("languages"),
            interpretation_languages=data.pop("interpretation"),
            body=[paragraph(" ".join(themes[slug].description for slug in slugs))],
        )
        page.themes.set([themes[slug] for slug in slugs])
        page.organisers = [
            ActivityOrganiser(organisation=organisations[key], sort_order=position)
            for position, key in enumerate(data.pop("organisers"))
        ]
        for field, value in data.items():
            setattr(page, field, value)
        return page
