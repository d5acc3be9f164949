import datetime
import io
import re

from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from icssi_wagtail.cache import HIT_HEADER, invalidate
from icssi_wagtail.models import ActivityOrganiser, ActivityPage

from .utils import (
    empty_cache,
    make_activity,
    make_activity_index,
    make_organisation,
    make_theme,
    translate_theme,
)

PAST = datetime.date(2015, 3, 25)
FUTURE = datetime.date(2025, 3, 25)  # five days after tests.clock.NOW


class ActivityListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.water = make_theme("Water and armed conflicts", slug="water", sort_order=4)
        cls.sports = make_theme("Sports against violence", slug="sports", sort_order=6)
        cls.forum = make_organisation("Iraqi Social Forum", acronym="ISF")
        cls.pdap = make_organisation("PDAP", country="BD")
        cls.index = make_activity_index()
        cls.tunis_water = make_activity(
            cls.index,
            title="Water question in Tunis",
            themes=[cls.water],
            organisations=[cls.forum],
            start_date=FUTURE,
            attendance_mode="in_person",
            country="TN",
        )
        cls.baghdad_sports = make_activity(
            cls.index,
            title="Football match in Baghdad",
            themes=[cls.sports],
            organisations=[cls.pdap],
            start_date=PAST,
            attendance_mode="parallel",
            time_zone="Asia/Baghdad",
            city="Baghdad",
            country="IQ",
        )
        cls.both = make_activity(
            cls.index,
            title="Water and sport",
            themes=[cls.water, cls.sports],
            organisations=[cls.pdap, cls.forum],
            start_date=FUTURE,
            attendance_mode="online",
        )

    def titles(self, query=""):
        response = self.client.get(self.index.url + query)
        self.assertEqual(response.status_code, 200)
        return [activity.title for activity in response.context["activities"]]

    def test_lists_every_activity_in_date_order(self):
        self.assertEqual(
            self.titles(),
            ["Football match in Baghdad", "Water question in Tunis", "Water and sport"],
        )

    def test_filter_by_one_theme(self):
        self.assertEqual(
            self.titles("?theme=sports"), ["Football match in Baghdad", "Water and sport"]
        )

    def test_several_themes_match_any(self):
        self.assertEqual(len(self.titles("?theme=sports&theme=water")), 3)

    def test_filter_by_organisation(self):
        self.assertEqual(
            self.titles(f"?organisation={self.forum.pk}"),
            ["Water question in Tunis", "Water and sport"],
        )

    def test_filter_by_attendance_mode_and_country(self):
        self.assertEqual(self.titles("?mode=parallel"), ["Football match in Baghdad"])
        self.assertEqual(self.titles("?country=IQ"), ["Football match in Baghdad"])

    def test_the_organisation_filter_names_only_organisers_of_listed_activities(self):
        drafting = make_organisation("Drafting Collective")
        make_activity(self.index, organisations=[drafting], publish_it=False)
        response = self.client.get(self.index.url)
        self.assertContains(response, "Iraqi Social Forum")
        self.assertNotContains(response, "Drafting Collective")

    def test_the_form_shows_the_chosen_filters(self):
        response = self.client.get(
            self.index.url + f"?country=IQ&mode=parallel&when=upcoming&organisation={self.forum.pk}"
        )
        for name, value in (
            ("country", "IQ"),
            ("mode", "parallel"),
            ("when", "upcoming"),
            ("organisation", self.forum.pk),
        ):
            with self.subTest(name):
                self.assertContains(response, f'<option value="{value}" selected>', count=1)
        self.assertContains(response, '<option value="TN">Tunisia</option>', count=1)
        self.assertContains(response, '<select name="country" id="id_country">', count=1)

    def country_options(self, query=""):
        response = self.client.get(self.index.url + query)
        select = re.search(r'<select name="country".*?</select>', response.content.decode(), re.S)
        return re.findall(r'<option value="([A-Z]*)"( selected)?>([^<]*)<', select.group())

    def test_the_country_filter_offers_the_countries_of_the_activities(self):
        # Not about 250: the countries of the index's activities, stored on publish
        # (ActivityCount), whatever the other filters.
        any_country = [("", " selected", "Any country")]
        listed = [("IQ", "", "Iraq"), ("TN", "", "Tunisia")]
        self.assertEqual(any_country + listed, self.country_options())
        self.assertEqual(any_country + listed, self.country_options("?mode=online"))
        make_activity(self.index, country="IT", start_date=FUTURE)
        self.assertIn(("IT", "", "Italy"), self.country_options())

    def test_any_country_may_be_filtered_by_and_is_offered_when_chosen(self):
        response = self.client.get(self.index.url + "?country=FR")
        self.assertFalse(response.context["filter_form"].errors)
        self.assertEqual([], list(response.context["activities"]))
        self.assertIn(("FR", " selected", "France"), self.country_options("?country=FR"))
        response = self.client.get(self.index.url + "?country=ZZ")
        self.assertIn("country", response.context["filter_form"].errors)

    def test_the_count_matches_the_activities_listed(self):
        # One theme takes its count from the per-theme counts; others count the activities.
        for query in (
            "?theme=water",
            "?theme=water&when=past",
            "?theme=sports&mode=parallel",
            "?theme=water&theme=sports",
            f"?theme=sports&organisation={self.forum.pk}",
            "?country=IQ",
            "",
        ):
            with self.subTest(query):
                joiner = "&" if query else "?"
                response = self.client.get(f"{self.index.url}{query}{joiner}per_page=1")
                listed = self.titles(f"{query}{joiner}per_page=50")
                self.assertEqual(response.context["paginator"].count, len(listed))

    def test_upcoming_and_past(self):
        self.assertEqual(
            self.titles("?when=upcoming"), ["Water question in Tunis", "Water and sport"]
        )
        self.assertEqual(self.titles("?when=past"), ["Football match in Baghdad"])

    def test_counts_per_theme_ignore_the_theme_filter_but_keep_the_others(self):
        response = self.client.get(self.index.url + "?theme=water&when=upcoming")
        counts = {theme.slug: theme.activity_count for theme in response.context["themes"]}
        self.assertEqual(counts, {"water": 2, "sports": 1})
        self.assertContains(response, "Water and armed conflicts")

    def test_pages_through_results_keeping_filters(self):
        response = self.client.get(self.index.url + "?theme=water&per_page=1&page=2")
        self.assertEqual([a.title for a in response.context["activities"]], ["Water and sport"])
        self.assertEqual(response.context["query_string"], "theme=water&per_page=1")
        self.assertContains(response, "?theme=water&amp;per_page=1&amp;page=1")

    def test_empty_state(self):
        response = self.client.get(self.index.url + "?country=FR")
        self.assertEqual(list(response.context["activities"]), [])
        self.assertContains(response, "No activities match these filters.")

    def test_bad_input_is_reported_and_ignored_never_a_server_error(self):
        queries = [
            "?theme=unknown",
            "?theme=%00",
            "?organisation=abc",
            "?organisation=99999999999999999999",
            "?mode=teleport",
            "?country=ZZ",
            "?when=%3Cscript%3E",
            "?page=abc",
            "?page=-1",
            "?page=100000000000000000000",
            "?per_page=-5",
            "?per_page=100000000000000000000",
            "?theme=" + "x" * 10_000,
        ]
        responses = {}
        for query in queries:
            with self.subTest(query=query[:40]):
                response = responses[query] = self.client.get(self.index.url + query)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "<script>")
        response = responses["?theme=unknown"]
        self.assertEqual(len(response.context["activities"]), 3)
        self.assertTrue(response.context["filter_form"].errors)

    def test_per_page_is_bounded(self):
        response = self.client.get(self.index.url + "?per_page=100000")
        self.assertEqual(response.context["paginator"].per_page, 50)

    def card(self, response, title):
        """The HTML of the card of the activity called ``title``."""
        html = response.content.decode()
        start = html.index(f">{title}</a>")
        return html[start : html.index("</article>", start)]

    def test_cards_show_themes_and_organisers_in_their_order(self):
        # Organisers in the order the editor gave them, whatever the order of the links' rows.
        ActivityOrganiser.objects.filter(page=self.both, organisation=self.pdap).update(
            sort_order=7
        )
        response = self.client.get(self.index.url)
        card = self.card(response, "Water and sport")
        self.assertLess(card.index("Water and armed conflicts"), card.index("Sports against"))
        self.assertLess(card.index("Iraqi Social Forum (ISF)"), card.index("PDAP"))
        (both,) = [page for page in response.context["activities"] if page.pk == self.both.pk]
        self.assertEqual([theme.slug for theme in both.display_themes], ["water", "sports"])
        self.assertEqual(
            [
                (organisation.pk, organisation.name, organisation.country.name)
                for organisation in both.organisations
            ],
            [(self.forum.pk, "Iraqi Social Forum", "Iraq"), (self.pdap.pk, "PDAP", "Bangladesh")],
        )
        # Whole organisations, as saved: equal to the rows, no field left to load.
        self.assertEqual(both.organisations, [self.forum, self.pdap])
        self.assertEqual(both.organisations[0].translation_key, self.forum.translation_key)
        self.assertFalse(both.organisations[0]._state.adding)
        self.assertEqual(both.organisations[0].get_deferred_fields(), set())

    def test_cards_name_themes_in_the_visitors_language(self):
        arabic = Locale.objects.create(language_code="ar")
        translate_theme(self.water, arabic, "المياه والنزاعات المسلحة")
        index = self.index.copy_for_translation(arabic, copy_parents=True)
        index.save_revision().publish()
        self.both.copy_for_translation(arabic).save_revision().publish()
        card = self.card(self.client.get(index.url), "Water and sport")
        self.assertIn("المياه والنزاعات المسلحة", card)
        self.assertNotIn("Water and armed conflicts", card)
        # Sports has no Arabic name: its own.
        self.assertIn("Sports against violence", card)
        self.assertLess(card.index("المياه"), card.index("Sports against violence"))
        self.assertIn("PDAP", card)

    def test_hidden_organisers_stay_hidden_and_bare_activities_render(self):
        make_activity(
            self.index,
            title="Secret organisers",
            organisations=[self.forum],
            themes=[self.water],
            hide_organisers=True,
            start_date=FUTURE,
        )
        make_activity(self.index, title="Nothing attached", start_date=FUTURE)
        response = self.client.get(self.index.url)
        hidden = self.card(response, "Secret organisers")
        self.assertNotIn("Iraqi Social Forum", hidden)
        self.assertNotIn("Organised by", hidden)
        self.assertIn("Water and armed conflicts", hidden)
        bare = self.card(response, "Nothing attached")
        self.assertNotIn("Themes", bare)
        self.assertNotIn("Organised by", bare)
        pages = {page.title: page for page in response.context["activities"]}
        self.assertEqual(pages["Secret organisers"].organisations, [])
        self.assertEqual(pages["Nothing attached"].display_themes, [])
        self.assertEqual(pages["Nothing attached"].organisations, [])
        feed = self.client.get(self.index.url + "feed/?when=").content.decode()
        self.assertIn("Nothing attached", feed)
        secret = feed.split("Secret organisers")[1].split("</item>")[0]
        self.assertNotIn("Iraqi Social Forum", secret)


class ListingVisibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = make_activity_index()
        cls.live = make_activity(cls.index, title="Live activity")

    def titles(self):
        response = self.client.get(self.index.url)
        return [activity.title for activity in response.context["activities"]]

    def test_drafts_are_not_listed(self):
        make_activity(self.index, title="Draft activity", publish_it=False)
        self.assertEqual(self.titles(), ["Live activity"])

    def test_unpublished_changes_of_a_live_page_are_not_listed(self):
        self.live.title = "Unpublished new title"
        self.live.save_revision()
        self.assertEqual(self.titles(), ["Live activity"])

    def test_private_activities_are_not_listed(self):
        private = make_activity(self.index, title="Private activity")
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        self.assertEqual(self.titles(), ["Live activity"])

    def test_activities_in_other_locales_are_not_listed(self):
        arabic = Locale.objects.create(language_code="ar")
        make_activity(self.index, title="نشاط", locale=arabic)
        self.assertEqual(self.titles(), ["Live activity"])


class ListingQueryCountTests(TestCase):
    """The listing costs the same number of queries whatever its size and page size."""

    def count_queries(self, index, query):
        # Once to generate the image's rendition (Wagtail does it on first use, once per image),
        # then from an empty cache: nothing kept by that request (icssi_wagtail.cache).
        self.client.get(index.url + query)
        empty_cache()
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(index.url + query)
        self.assertEqual(response.status_code, 200)
        return len(captured), len(response.context["activities"])

    def make_listing(self, size):
        from wagtail.images.models import Image
        from wagtail.images.tests.utils import get_test_image_file

        themes = [make_theme(slug=f"q{size}-{n}") for n in range(3)]
        organisations = [make_organisation() for _ in range(2)]
        image = Image.objects.create(title="Forum", file=get_test_image_file())
        index = make_activity_index()
        # Every fourth activity has no theme and no organiser, every fifth hides its organisers.
        for n in range(size):
            make_activity(
                index,
                themes=themes[: n % 4],
                organisations=organisations[: n % 4 and 1 + n % 2],
                hide_organisers=n % 5 == 4,
                image=image,
                start_date=FUTURE + datetime.timedelta(days=n),
            )
        return index, themes[0].slug

    def test_renditions_are_read_from_wagtails_rendition_cache(self):
        from wagtail.images import get_image_model

        Rendition = get_image_model().get_rendition_model()
        index, _theme = self.make_listing(6)
        rendition = (
            self.client.get(index.url).context["activities"][0].image.get_rendition("fill-640x360")
        )
        for kept in (True, False):
            with self.subTest(kept=kept):
                invalidate("activities")  # what a publish does: the cards are computed again
                if not kept:
                    Rendition.cache_backend.clear()
                with CaptureQueriesContext(connection) as captured:
                    response = self.client.get(index.url)
                self.assertContains(response, rendition.url)
                queries = [q["sql"] for q in captured if "wagtailimages_rendition" in q["sql"]]
                self.assertEqual(0 if kept else 1, len(queries), queries)

    def test_query_count_does_not_grow(self):
        small_index, small_theme = self.make_listing(3)
        large_index, large_theme = self.make_listing(30)
        small, shown_small = self.count_queries(small_index, "?per_page=2")
        large, shown_large = self.count_queries(large_index, "?per_page=25")
        self.assertEqual((shown_small, shown_large), (2, 25))
        self.assertEqual(small, large)
        filtered_small, _ = self.count_queries(small_index, f"?theme={small_theme}")
        filtered_large, _ = self.count_queries(large_index, f"?theme={large_theme}&per_page=20")
        self.assertEqual(filtered_small, filtered_large)

    def test_the_calendar_costs_the_same_queries_whatever_its_size(self):
        small_index, _theme = self.make_listing(3)
        large_index, _theme = self.make_listing(30)
        counts = []
        for index in (small_index, large_index):
            empty_cache()
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(index.url + "calendar/?when=")
            self.assertEqual(response.status_code, 200)
            counts.append((len(captured), response.content.count(b"BEGIN:VEVENT")))
        self.assertEqual([events for _queries, events in counts], [3, 30])
        self.assertEqual(counts[0][0], counts[1][0])

    def test_query_count_after_a_publish_does_not_grow(self):
        """The first request after a publish computes the activities and their counts again,
        while the locales, themes and view restrictions stay in the cache."""
        counts = []
        for size in (3, 30):
            index, theme = self.make_listing(size)
            self.client.get(index.url + f"?theme={theme}")
            invalidate("activities")
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(index.url + f"?theme={theme}&per_page=20")
            self.assertEqual(response[HIT_HEADER], "miss")
            counts.append(len(captured))
            activities = list(response.context["activities"])
            self.assertEqual(len(activities), {3: 2, 30: 20}[size])
            self.assertTrue(all(page.display_themes for page in activities))
            shown = [page for page in activities if not page.hide_organisers]
            self.assertTrue(shown and all(page.organisations for page in shown))
            self.assertContains(response, "Organised by")
        self.assertEqual(counts[0], counts[1])


@override_settings(ICSSI_WAGTAIL={"MAX_THEME_FILTERS": 3})
class ThemeFilterBoundsTests(TestCase):
    """``theme`` is read once per slug, at most ``MAX_THEME_FILTERS`` slugs, and costs one
    subquery however many slugs a query string holds (issue #14, finding 2)."""

    @classmethod
    def setUpTestData(cls):
        cls.themes = [make_theme(f"Theme {n}", slug=f"t{n}") for n in range(5)]
        cls.index = make_activity_index()
        cls.all_four = make_activity(cls.index, title="All four", themes=cls.themes[:4])
        make_activity(cls.index, title="Two", themes=cls.themes[:2], start_date=FUTURE)

    def api(self, slugs, match="all"):
        return self.client.get(
            "/api/v2/activities/", {"theme": ",".join(slugs), "theme_match": match}
        )

    def listing(self, slugs):
        return self.client.get(self.index.url, {"theme": slugs})

    def test_repeated_slugs_count_once(self):
        for slugs in (["t0", "t1", "t2"], ["t0", "t1", "t2", *["t1", "t0"] * 250]):
            with self.subTest(slugs=len(slugs)):
                response = self.api(slugs)
                self.assertEqual(response.status_code, 200, response.content)
                titles = [item["title"] for item in response.json()["items"]]
                self.assertEqual(titles, ["All four"])
                listing = self.listing(slugs)
                self.assertFalse(listing.context["filter_form"].errors)
                self.assertEqual(listing.context["query_string"], "theme=t0&theme=t1&theme=t2")

    def test_more_themes_than_the_setting_are_a_400_in_the_api(self):
        response = self.api(["t0", "t1", "t2", "t3", "t0"])
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["message"], "theme: Choose at most 3 themes.")

    def test_more_themes_than_the_setting_are_reported_and_ignored_in_the_listing(self):
        response = self.listing(["t0", "t1", "t2", "t3"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["filter_form"].errors["theme"], ["Choose at most 3 themes."]
        )
        self.assertContains(response, 'id="id_theme_error"')
        self.assertEqual(len(response.context["activities"]), 2)
        self.assertEqual(response.context["query_string"], "")

    def test_match_all_is_one_subquery_whatever_the_number_of_slugs(self):
        def cost(slugs):
            empty_cache()
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.api(slugs).status_code, 200)
            # Queries, and the most SELECTs in one (a subquery per slug adds one each).
            return len(captured), max(query["sql"].upper().count("SELECT") for query in captured)

        self.assertEqual(cost(["t0", "t1"]), cost(["t0", "t1", "t2"]))
        self.assertEqual(cost(["t0", "t1", "t2"] * 160), cost(["t0", "t1", "t2"]))


class StoredCountsTests(TestCase):
    """An index's unfiltered count and facets are stored (``listing.ActivityCount``) and follow
    every way Wagtail changes what the index lists; a listing reads them without counting."""

    @classmethod
    def setUpTestData(cls):
        cls.water = make_theme("Water", slug="water")
        cls.index = make_activity_index()
        cls.other = make_activity_index()

    def counts(self, index, query=""):
        empty_cache()  # the delivered page, not the stored counts
        response = self.client.get(index.url + query)
        self.assertEqual(response.status_code, 200)
        themes = {theme.slug: theme.activity_count for theme in response.context["themes"]}
        return response.context["paginator"].count, themes["water"]

    def test_publish_unpublish_move_and_delete(self):
        activity = make_activity(self.index, themes=[self.water], publish_it=False)
        self.assertEqual((0, 0), self.counts(self.index))
        activity.save_revision().publish()
        self.assertEqual((1, 1), self.counts(self.index))
        activity.refresh_from_db()
        activity.unpublish()
        self.assertEqual((0, 0), self.counts(self.index))
        activity.save_revision().publish()
        activity.refresh_from_db()
        activity.move(self.other, pos="last-child")
        self.assertEqual([(0, 0), (1, 1)], [self.counts(self.index), self.counts(self.other)])
        activity.copy(to=self.index, update_attrs={"slug": "a-copy"}, keep_live=True)
        self.assertEqual((1, 1), self.counts(self.index))
        ActivityPage.objects.get(pk=activity.pk).delete()
        self.assertEqual((0, 0), self.counts(self.other))

    def test_an_activity_added_live_and_a_view_restriction(self):
        self.assertEqual((0, 0), self.counts(self.index))
        make_activity(self.index, themes=[self.water])
        imported = ActivityPage(
            title="Imported", slug="imported", summary="S", start_date=PAST, time_zone="UTC"
        )
        self.index.add_child(instance=imported)  # live, never published: an import
        self.assertEqual((2, 1), self.counts(self.index))
        restriction = PageViewRestriction.objects.create(
            page=ActivityPage.objects.get(slug="imported"),
            restriction_type=PageViewRestriction.PASSWORD,
            password="secret",
        )
        self.assertEqual((1, 1), self.counts(self.index))
        restriction.delete()
        self.assertEqual((2, 1), self.counts(self.index))

    def test_scheduled_expiry(self):
        activity = make_activity(self.index, themes=[self.water])
        self.assertEqual((1, 1), self.counts(self.index))
        ActivityPage.objects.filter(pk=activity.pk).update(
            expire_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        call_command("publish_scheduled", stdout=io.StringIO())
        self.assertEqual((0, 0), self.counts(self.index))

    def test_counts_by_attendance_follow_a_change_of_mode(self):
        activity = make_activity(self.index, themes=[self.water], attendance_mode="online")
        self.assertEqual((1, 1), self.counts(self.index, "?mode=online"))
        activity.attendance_mode = "hybrid"
        activity.save_revision().publish()
        self.assertEqual((0, 0), self.counts(self.index, "?mode=online"))
        self.assertEqual((1, 1), self.counts(self.index, "?mode=hybrid&theme=water"))

    def test_every_page_and_theme_of_other_filters_reads_their_counts_once(self):
        make_activity(self.index, themes=[self.water], country="IQ")
        make_activity(self.index, country="IQ")
        for filters in ("?country=IQ", "?when=upcoming&country=IQ"):
            empty_cache()
            self.client.get(self.index.url + filters)
            for query in (f"{filters}&per_page=1", f"{filters}&theme=water"):
                with self.subTest(query), CaptureQueriesContext(connection) as captured:
                    response = self.client.get(self.index.url + query)
                counts = [q["sql"] for q in captured if "COUNT(" in q["sql"]]
                self.assertEqual([], counts)
                themes = {theme.slug: theme.activity_count for theme in response.context["themes"]}
                self.assertEqual(1, themes["water"])
        # A publish counts them again.
        make_activity(self.index, themes=[self.water], country="IQ")
        self.assertEqual((2, 2), self.counts(self.index, "?country=IQ&theme=water"))

    def test_filtered_listings_count_and_unfiltered_ones_read_the_stored_counts(self):
        make_activity(self.index, themes=[self.water], attendance_mode="online", country="IQ")
        make_activity(self.index, attendance_mode="in_person")
        self.assertEqual((2, 1), self.counts(self.index))
        self.assertEqual((1, 1), self.counts(self.index, "?mode=online"))
        self.assertEqual((0, 0), self.counts(self.index, "?mode=hybrid"))
        self.assertEqual((1, 1), self.counts(self.index, "?theme=water"))
        self.assertEqual((1, 1), self.counts(self.index, "?country=IQ"))
        # Stored: nothing, themes, an attendance mode. A listing filtered by anything else
        # counts its activities and those of each theme in one query.
        cases = (("", 0), ("?theme=water", 0), ("?mode=online", 0), ("?mode=online&theme=water", 0))
        cases += (("?country=IQ", 1), ("?country=IQ&theme=water", 1), ("?mode=online&when=past", 1))
        for query, counted in cases:
            with self.subTest(query):
                empty_cache()
                with CaptureQueriesContext(connection) as captured:
                    self.client.get(self.index.url + query)
                counts = [q["sql"] for q in captured if "COUNT(" in q["sql"]]
                self.assertEqual(counted, len(counts), counts)
