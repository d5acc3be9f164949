"""The language switcher on a site whose addresses carry no language (no ``i18n_patterns``).

Translations made with Wagtail's own copy for translation (as ``simple_translation`` does) sit
in a tree per language, each at the same address as the English page: the language comes from
``LocaleMiddleware`` (a cookie, the browser). The switcher's links must still lead to each
language's page.
"""

import re

from django.test import TestCase, override_settings
from wagtail.models import Locale

from .utils import make_activity, make_activity_index, site_root

SWITCHER = re.compile(r'<nav class="icssi-languages".*?</nav>', re.S)


def switcher_links(response):
    """The switcher's links, by language, as a visitor's browser reads them."""
    nav = SWITCHER.search(response.content.decode())
    if nav is None:
        return {}
    links = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', nav.group(0))
    return {language: href.replace("&amp;", "&") for href, language in links}


def translate_tree(pages, locale, prefix="[ar] "):
    """Wagtail's copy for translation of ``pages`` (parents first), published."""
    translations = []
    for page in pages:
        translation = page.specific.copy_for_translation(locale)
        translation.title = prefix + page.title
        translation.save_revision().publish()
        translations.append(translation)
    return translations


class SwitcherTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.arabic = Locale.objects.get_or_create(language_code="ar")[0]
        cls.index = make_activity_index(title="Activities")
        cls.activity = make_activity(cls.index, title="Marsh walk")
        cls.home_ar, cls.index_ar, cls.activity_ar = translate_tree(
            [site_root(), cls.index, cls.activity], cls.arabic
        )


@override_settings(ROOT_URLCONF="tests.urls_without_i18n")
class SwitcherWithoutLanguagePrefixTests(SwitcherTestCase):
    def test_each_link_leads_to_its_language(self):
        english = self.client.get(self.activity.url)
        self.assertContains(english, '<html lang="en"')
        arabic_link = switcher_links(english)["ar"]
        arabic = self.client.get(arabic_link, follow=True)
        self.assertContains(arabic, '<html lang="ar" dir="rtl"')
        self.assertContains(arabic, "[ar] Marsh walk")
        self.assertEqual(arabic.redirect_chain[-1][0], self.activity.url)
        # Back to English from the Arabic page, at the same address.
        english_again = self.client.get(switcher_links(arabic)["en"], follow=True)
        self.assertContains(english_again, '<html lang="en"')
        self.assertNotContains(english_again, "[ar] Marsh walk")

    def test_no_hreflang_alternates_for_one_shared_address(self):
        response = self.client.get(self.activity.url)
        self.assertNotContains(response, 'rel="alternate" hreflang=')
        self.assertContains(response, f'<link rel="canonical" href="{self.activity.full_url}">')

    def test_the_arabic_page_shows_english_as_the_other_language(self):
        response = self.client.get(self.activity.url, HTTP_ACCEPT_LANGUAGE="ar")
        self.assertContains(response, "[ar] Marsh walk")
        self.assertEqual(set(switcher_links(response)), {"en"})

    def test_the_switch_stays_on_the_site(self):
        response = self.client.get(
            "/search/language/", {"language": "ar", "next": "https://elsewhere.example/"}
        )
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertEqual(response.cookies["django_language"].value, "ar")
        self.assertIn("no-cache", response["Cache-Control"])

    def test_an_unknown_language_changes_nothing(self):
        response = self.client.get("/search/language/", {"language": "xx", "next": "/"})
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("django_language", response.cookies)


class SwitcherWithLanguagePrefixTests(SwitcherTestCase):
    def test_links_are_the_translations_own_addresses(self):
        links = switcher_links(self.client.get(self.activity.url))
        self.assertEqual(links["ar"], self.activity_ar.full_url)
        self.assertIn("/ar/", links["ar"])

    def test_hreflang_alternates_name_each_address(self):
        response = self.client.get(self.activity.url)
        self.assertContains(
            response, f'<link rel="alternate" hreflang="ar" href="{self.activity_ar.full_url}">'
        )
