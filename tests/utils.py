"""``make_*`` helpers that build content with sensible defaults."""

import datetime
import itertools
import unittest

from django.db import connection
from wagtail.models import Locale, Site

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

_counter = itertools.count(1)


# InnoDB full-text search sees only committed rows, and TestCase never commits: a test that
# needs search results runs on SQLite and PostgreSQL.
SEARCH_SEES_UNCOMMITTED_ROWS = connection.vendor != "mysql"
needs_committed_search = unittest.skipUnless(
    SEARCH_SEES_UNCOMMITTED_ROWS,
    "InnoDB full-text search sees only committed rows: tested on SQLite and PostgreSQL",
)


def ensure_initial_data():
    """Create what Wagtail's data migrations create, if it is missing.

    A ``TransactionTestCase`` (every live server test) empties the database when it ends, which
    removes the root page, the default site, the default locale and the root collection that the
    migrations made. Recreating them lets such test classes run in any order.
    """
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Page

    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not Site.objects.filter(is_default_site=True).exists():
        home = root.get_first_child() or root.add_child(
            instance=Page(title="Welcome to your new Wagtail site!", slug="home", locale=locale)
        )
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


def site_root():
    return Site.objects.get(is_default_site=True).root_page


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_theme(name=None, slug=None, sort_order=0, **kwargs):
    number = next(_counter)
    name = name or f"Theme {number}"
    return Theme.objects.create(
        name=name,
        slug=slug or f"theme-{number}",
        sort_order=sort_order,
        locale=kwargs.pop("locale", None) or Locale.get_default(),
        **kwargs,
    )


def translate_theme(theme, locale, name):
    """``theme``'s translation into ``locale``, named ``name`` (its slug stays the same)."""
    translation = theme.copy_for_translation(locale)
    translation.name = name
    translation.save()
    return translation


def make_organisation(name=None, **kwargs):
    kwargs.setdefault("country", "IQ")
    kwargs.setdefault("locale", Locale.get_default())
    return Organisation.objects.create(name=name or f"Organisation {next(_counter)}", **kwargs)


def make_activity_index(parent=None, **kwargs):
    number = next(_counter)
    kwargs.setdefault("title", f"Activities {number}")
    kwargs.setdefault("slug", f"activities-{number}")
    return publish(parent or site_root(), ActivityIndexPage(**kwargs))


def make_activity(index, themes=(), organisations=(), publish_it=True, **kwargs):
    number = next(_counter)
    kwargs.setdefault("title", f"Activity {number}")
    kwargs.setdefault("slug", f"activity-{number}")
    kwargs.setdefault("summary", f"Summary of activity {number}.")
    kwargs.setdefault("start_date", datetime.date(2025, 3, 24))
    kwargs.setdefault("start_time", datetime.time(10, 0))
    kwargs.setdefault("end_time", datetime.time(12, 0))
    kwargs.setdefault("time_zone", "Africa/Tunis")
    kwargs.setdefault("city", "Tunis")
    kwargs.setdefault("country", "TN")
    page = ActivityPage(**kwargs)
    page.themes.set(list(themes))
    page.organisers = [
        ActivityOrganiser(organisation=org, sort_order=order)
        for order, org in enumerate(organisations)
    ]
    if not publish_it:
        page.live = False
        index.add_child(instance=page)
        page.save_revision()
        return page
    return publish(index, page)


def make_call_to_action(parent=None, themes=(), **kwargs):
    number = next(_counter)
    kwargs.setdefault("title", f"Call {number}")
    kwargs.setdefault("slug", f"call-{number}")
    kwargs.setdefault("headline", "Join Iraqi activists at the World Social Forum!")
    kwargs.setdefault("event_name", "World Social Forum 2015")
    kwargs.setdefault("start_date", datetime.date(2025, 3, 24))
    kwargs.setdefault("end_date", datetime.date(2025, 3, 28))
    kwargs.setdefault("time_zone", "Africa/Tunis")
    kwargs.setdefault("city", "Tunis")
    kwargs.setdefault("country", "TN")
    kwargs.setdefault("registration_url", "https://fsm2015.org/en")
    page = CallToActionPage(**kwargs)
    page.themes.set(list(themes))
    return publish(parent or site_root(), page)


def make_testimonial_index(parent=None, **kwargs):
    number = next(_counter)
    kwargs.setdefault("title", f"Testimonials {number}")
    kwargs.setdefault("slug", f"testimonials-{number}")
    return publish(parent or site_root(), TestimonialIndexPage(**kwargs))


def make_testimonial(index, **kwargs):
    number = next(_counter)
    kwargs.setdefault("title", f"Testimonial {number}")
    kwargs.setdefault("slug", f"testimonial-{number}")
    kwargs.setdefault("person_name", "Quazi Baby")
    kwargs.setdefault("quote", "If the Iraqi people ask for solidarity, we cannot refuse.")
    kwargs.setdefault("event_name", "Iraqi Social Forum")
    kwargs.setdefault("event_city", "Baghdad")
    kwargs.setdefault("event_country", "IQ")
    kwargs.setdefault("event_year", 2013)
    return publish(index, TestimonialPage(**kwargs))


def edit_form_data(page, **overrides):
    """A testimonial's edit form as the admin posts it, consent given on 1 September 2013;
    a ``None`` value (an unticked box, no photo) is left out."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = {
        "title": page.title,
        "slug": page.slug,
        "quote": page.quote,
        "body": streamfield([]),
        "person_name": page.person_name,
        "country": "BD",
        "photo": page.photo_id,
        "photo_consent": "on",
        "photo_consent_date": "2013-09-01",
        "event_name": page.event_name,
        "comments": inline_formset([]),
        **overrides,
    }
    return nested_form_data({key: value for key, value in data.items() if value is not None})


def empty_cache(alias="default"):
    """Empty a cache; in Redis, only this run's keys (its KEY_PREFIX, every version), as other
    runs may share the database."""
    from django.conf import settings
    from django.core.cache import caches

    cache = caches[alias]
    if not hasattr(cache, "delete_pattern"):
        cache.clear()
        return
    from django_redis import get_redis_connection

    client = get_redis_connection(alias)
    keys = list(client.scan_iter(match=f"{settings.CACHES[alias]['KEY_PREFIX']}:*", count=1000))
    if keys:
        client.delete(*keys)


SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def sitemap_files(client, url="/sitemap.xml"):
    """The responses of every sitemap file that the sitemap index at ``url`` lists."""
    from defusedxml import ElementTree

    index = ElementTree.fromstring(client.get(url).content)
    locations = [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    return [client.get(location) for location in locations]


def sitemap_text(client, url="/sitemap.xml"):
    """Every sitemap file of the sitemap index at ``url``, as one text."""
    return "\n".join(response.content.decode() for response in sitemap_files(client, url))
