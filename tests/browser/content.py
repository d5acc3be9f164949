"""Content that puts every public template on screen, for the accessibility and HTML checks."""

import datetime
import json

from ..utils import (
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
    make_theme,
)


def make_image(title, **kwargs):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    return Image.objects.create(title=title, file=get_test_image_file(), **kwargs)


def every_block(*, image, activity_index, testimonial):
    """A body with every block type of a call to action page (and some variants of each)."""
    no_link = {"page": None, "document": None}
    return [
        {"type": "heading", "value": "Why go to Tunis"},
        {"type": "paragraph", "value": "<p>Some <b>rich</b> text with <i>emphasis</i>.</p>"},
        {
            "type": "quote",
            "value": {"quote": "We cannot refuse.\nReally.", "attribution": "Quazi Baby, PDAP"},
        },
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "alt_text": "Marchers in Tunis", "decorative": False},
                "caption": "The opening march",
            },
        },
        {
            "type": "image",
            "value": {"image": {"image": image.pk, "alt_text": "", "decorative": True}},
        },
        {
            "type": "statistic",
            "value": {
                "figure": "30,000+",
                "label": "people at the opening march",
                "source": "ICSSI",
                "source_url": "https://example.org/source",
            },
        },
        {"type": "statistic", "value": {"figure": "45", "label": "countries"}},
        {
            "type": "button",
            "value": {"label": "See the activities", **no_link, "page": activity_index.pk},
        },
        {
            "type": "button",
            "value": {"label": "The WSF site", **no_link, "url": "https://fsm2015.org/en"},
        },
        {
            "type": "call_to_action",
            "value": {
                "heading": "Meet the Iraqi delegation",
                "text": "<p>Come to <i>Tunis</i>.</p>",
                "button": {"label": "Register", **no_link, "url": "https://fsm2015.org/en"},
            },
        },
        {"type": "testimonial", "value": {"page": testimonial.pk}},
        {
            "type": "activity_list",
            "value": {
                "heading": "Water activities",
                "themes": ["water"],
                "index": activity_index.pk,
                "count": 3,
                "upcoming_only": True,
            },
        },
        {  # no activity matches: the empty state
            "type": "activity_list",
            "value": {"heading": "", "themes": ["nothing"], "count": 3, "upcoming_only": True},
        },
        {
            "type": "theme_list",
            "value": {"heading": "Themes", "index": activity_index.pk, "themes": []},
        },
    ]


def make_public_pages():
    """Publish pages that use every public template; returns {description: path}."""
    from icssi_wagtail.models import CallToActionTestimonial

    image = make_image("March", description="Marchers in Tunis")
    water = make_theme(
        "Water and armed conflicts", slug="water", description="Rivers, dams and wars."
    )
    peace = make_theme("Football against violence", slug="football")
    icssi = make_organisation(
        "Iraqi Civil Society Solidarity Initiative",
        acronym="ICSSI",
        website="https://www.iraqicivilsociety.org",
    )
    umm = make_organisation("منظمة أم اليسر")

    call = make_call_to_action(
        themes=[water],
        venue="El Manar campus",
        standfirst="In 2015 the World Social Forum gathers again in Tunis.",
        eligibility="Anyone endorsing the WSF charter",
        eligibility_url="https://fsm2015.org/charter",
        registration_opens=datetime.date(2020, 1, 1),
        registration_closes=datetime.date(2025, 3, 28),  # open at tests.clock.NOW
    )
    index = make_activity_index(parent=call, intro="<p>All the <b>activities</b>.</p>")
    activities = [
        make_activity(
            index,
            themes=[water] if number % 2 else [water, peace],
            organisations=[icssi, umm],
            start_date=datetime.date(2025, 3, 24) + datetime.timedelta(days=number % 3),
            languages=["ar", "en"],
            interpretation_languages=["fr"],
        )
        for number in range(23)
    ]
    activity = make_activity(
        index,
        title="The water question",
        themes=[water],
        organisations=[icssi, umm],
        image=image,
        venue="Faculty of Law",
        online_url="https://meet.example.org/water",
        registration_url="https://example.org/register",
        languages=["ar", "en", "ckb"],
        interpretation_languages=["fr"],
        start_date=datetime.date(2025, 3, 24),
        end_date=datetime.date(2025, 3, 25),
    )
    cancelled = make_activity(
        index,
        title="A cancelled debate",
        status="cancelled",
        start_time=None,
        end_time=None,
        attendance_mode="online",
        online_url="https://meet.example.org/debate",
    )
    activities += [activity, cancelled]
    empty_index = make_activity_index(parent=call)

    testimonials = make_testimonial_index(parent=call, intro="<p>What people saw.</p>")
    account = make_testimonial(
        testimonials,
        title="Quazi Baby in Baghdad",
        organisation=icssi,
        person_role="activist",
        country="GB",
        account_date=datetime.date(2013, 10, 1),
        original_language="ar",
        translator_credit="Ismaeel Dawood",
        original_url="https://example.org/original",
        quote="Line one.\n\nLine two.",
    )
    with_photo = make_testimonial(
        testimonials,
        title="هناء إدوار",
        person_name="هناء إدوار",
        photo=make_image("Portrait"),
        photo_consent=True,
        photo_consent_date=datetime.date(2014, 1, 1),
    )
    empty_testimonials = make_testimonial_index(parent=call)

    body = every_block(image=image, activity_index=index, testimonial=account)
    call.body = json.dumps(body)
    call.related_testimonials = [
        CallToActionTestimonial(testimonial=account),
        CallToActionTestimonial(testimonial=with_photo),
    ]
    call.save_revision().publish()
    # Activities and testimonials take the blocks they offer.
    activity.body = json.dumps([block for block in body if block["type"] != "testimonial"][:10])
    activity.save_revision().publish()
    account.body = json.dumps(body[:5])
    account.save_revision().publish()

    return {
        "call to action page": call.url,
        "activity index": index.url,
        "activity index, page 2 of a theme": index.url + "?theme=water&per_page=5&page=2",
        "activity index, invalid filters": index.url + "?theme=nope&mode=zzz&when=upcoming",
        "activity index, no activity matches": index.url + "?country=FR",
        "activity index, empty": empty_index.url,
        "activity page": activity.url,
        "activity page, cancelled": cancelled.url,
        "activity page, minimal": activities[0].url,
        "testimonial index": testimonials.url,
        "testimonial index, empty": empty_testimonials.url,
        "testimonial page": account.url,
        "testimonial page with photo": with_photo.url,
    }


# What each page must show, so that a check of the markup covers what it means to.
EXPECTED_MARKUP = {
    "call to action page": [
        'class="icssi-heading"',
        'class="icssi-quote"',
        'alt="Marchers in Tunis"',
        'alt=""',
        'class="icssi-statistic"',
        'class="icssi-button"',
        'class="icssi-call-to-action"',
        "icssi-testimonial-card",
        'class="icssi-activity-list"',
        "There are no activities to show yet.",
        'class="icssi-theme-list"',
        # The page's own themes and activities give way to the body's lists of them; the
        # testimonial the body does not quote stays.
        "icssi-testimonials-heading",
    ],
    "activity index": ['class="icssi-theme-links"', 'class="icssi-pagination"'],
    "activity index, page 2 of a theme": ['rel="prev"', 'aria-current="page"'],
    "activity index, invalid filters": ["icssi-notice--error"],
    "activity index, no activity matches": ["No activities match these filters."],
    "activity index, empty": ["No activities have been listed yet."],
    "activity page": ['class="icssi-lead-image"', 'class="icssi-stream"', "Register for this"],
    "activity page, cancelled": ["icssi-status--cancelled"],
    "activity page, minimal": ['class="icssi-meta icssi-meta--page"'],
    "testimonial index": ["icssi-testimonial-card"],
    "testimonial index, empty": ["No testimonials have been published yet."],
    "testimonial page": ['class="icssi-stream"', 'class="icssi-testimonial-context"'],
    "testimonial page with photo": ['class="icssi-person__photo"'],
}


def missing_markup(name, html):
    """The snippets that page ``name`` should contain but does not."""
    return [snippet for snippet in EXPECTED_MARKUP[name] if snippet not in html]
