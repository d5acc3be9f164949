"""The foreign site's content: its own home page, and every ICSSI page type under it."""

import datetime

from icssi_wagtail.models import (
    ActivityIndexPage,
    ActivityOrganiser,
    ActivityPage,
    CallToActionPage,
    Organisation,
    TestimonialIndexPage,
    TestimonialPage,
    Theme,
)
from wagtail.models import Locale, Page, Site

from events.models import LocalActivityPage
from home.models import HomePage


def publish(parent, page, themes=()):
    if themes:
        page.themes.set(list(themes))
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_site():
    """The site's home page (its own type) as the root of the default site, and under it a
    call to action with an activity index (an activity, a local activity) and a testimonial
    index (a testimonial)."""
    root = Page.get_first_root_node()
    home = publish(root, HomePage(title="Riverside", slug="riverside", body="<p>Hello.</p>"))
    Site.objects.update(root_page=home)
    water = Theme.objects.create(name="Water and armed conflicts", slug="water")
    forum = Organisation.objects.create(name="Iraqi Social Forum", acronym="ISF")
    call = publish(
        home,
        CallToActionPage(
            title="World Social Forum 2015",
            slug="wsf-2015",
            headline="Join Iraqi activists at the World Social Forum!",
            event_name="World Social Forum 2015",
            start_date=datetime.date(2090, 3, 24),
            end_date=datetime.date(2090, 3, 28),
            time_zone="Africa/Tunis",
            city="Tunis",
            country="TN",
            registration_url="https://fsm2015.example/en",
        ),
        themes=[water],
    )
    index = publish(call, ActivityIndexPage(title="Activities", slug="activities"))
    activity = make_activity(
        index, ActivityPage, title="The water question", slug="water-question", themes=[water]
    )
    activity.organisers = [ActivityOrganiser(organisation=forum, sort_order=0)]
    activity.save_revision().publish()
    local = make_activity(
        index,
        LocalActivityPage,
        title="Riverside walk for the Tigris",
        slug="riverside-walk",
        themes=[water],
        meeting_point="the old boathouse",
        city="Manchester",
        country="GB",
        time_zone="Europe/London",
    )
    testimonials = publish(call, TestimonialIndexPage(title="Testimonials", slug="testimonials"))
    testimonial = publish(
        testimonials,
        TestimonialPage(
            title="Travelling to Baghdad",
            slug="travelling-to-baghdad",
            person_name="Quazi Baby",
            quote="If the Iraqi people ask for solidarity, we cannot refuse.",
            event_name="Iraqi Social Forum",
            event_city="Baghdad",
            event_country="IQ",
            event_year=2013,
        ),
    )
    return {
        "home": home,
        "call": call,
        "index": index,
        "activity": activity,
        "local": local,
        "testimonials": testimonials,
        "testimonial": testimonial,
        "water": water,
        "forum": forum,
    }


def make_activity(index, model, themes=(), **kwargs):
    kwargs.setdefault("summary", "Dams, wars and rivers.")
    kwargs.setdefault("start_date", datetime.date(2090, 3, 24))
    kwargs.setdefault("start_time", datetime.time(10, 0))
    kwargs.setdefault("end_time", datetime.time(12, 0))
    kwargs.setdefault("time_zone", "Africa/Tunis")
    kwargs.setdefault("city", "Tunis")
    kwargs.setdefault("country", "TN")
    page = model(**kwargs)
    page.themes.set(list(themes))
    return publish(index, page)


def french():
    return Locale.objects.get_or_create(language_code="fr")[0]


def translate(page, title, **fields):
    """A French translation made as simple_translation makes it (``copy_for_translation``,
    parents included), then edited and published."""
    copy = page.copy_for_translation(french(), copy_parents=True)
    copy = copy.specific
    copy.title = title
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy
