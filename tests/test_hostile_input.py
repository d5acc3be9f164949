"""Hostile content from editors: refused with a clear message, or shown safely.

Every editor-facing field and block is given HTML, script tags, a string that closes an inline
script, ``javascript:`` and ``data:`` addresses, NUL, bidi controls and 10,000 characters:

- one-line text (titles, names, headlines, labels) refuses NUL and bidi controls;
- longer text (standfirsts, summaries, quotes, descriptions, captions) may hold bidi controls,
  which Arabic and Kurdish text uses, and is shown in an element of its own; the admin's forms
  refuse NUL there too;
- every field refuses more than its maximum length;
- web addresses are http(s) (and mailto: where a registration may be by e-mail);
- whatever is accepted is escaped in pages and returned as a plain string by the API.
"""

import datetime
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import icssi_wagtail
from icssi_wagtail.blocks import (
    ActivityListBlock,
    ButtonBlock,
    CallToActionBlock,
    FigureBlock,
    HeadingBlock,
    QuoteBlock,
    StatisticBlock,
    ThemeListBlock,
)
from icssi_wagtail.models import (
    ActivityIndexPage,
    ActivityPage,
    CallToActionPage,
    CallToActionTestimonial,
    Organisation,
    TestimonialIndexPage,
    TestimonialPage,
    Theme,
)

from .test_admin import button, call_to_action_data
from .utils import (
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
    make_theme,
    site_root,
)

HTML = '<b>bold</b><img src=x onerror="alert(1)">'
SCRIPT = "<script>alert(1)</script>"
BREAKOUT = "</script><script>alert(1)</script>"
MARKUP = {"html": HTML, "script": SCRIPT, "breakout": BREAKOUT}
NUL = "Join\x00us"
BIDI = {f"U+{ord(char):04X}": f"Join {char}us" for char in "\u202e\u2066\u2067\u2068\u2069"}
LONG = "x" * 10_000

BAD_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript://example.org/%0Aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/file",
]
# Valid addresses that carry markup: accepted, and escaped in href="...".
MARKUP_URL = 'https://example.org/"><script>alert(1)</script>'
MARKUP_MAILTO = 'mailto:forum@example.org?subject="><script>alert(1)</script>'

CONTROL_MESSAGE = "Remove the control character (U+0000)"
BIDI_MESSAGE = "Remove the invisible text-direction character"
URL_MESSAGE = "Enter a web address starting with https:// or http://."

START = datetime.date(2025, 3, 24)
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def tree_position(page):
    page.path, page.depth = "00010001ZZZZ", 3  # full_clean needs a place in the tree
    return page


def new_call_to_action(**kwargs):
    defaults = {"title": "Call", "slug": "call", "headline": "Join us", "event_name": "WSF"}
    return tree_position(
        CallToActionPage(start_date=START, time_zone="Africa/Tunis", **defaults | kwargs)
    )


def new_activity(**kwargs):
    defaults = {"title": "Water", "slug": "water", "summary": "Dams and wars."}
    return tree_position(
        ActivityPage(start_date=START, time_zone="Africa/Tunis", **defaults | kwargs)
    )


def new_testimonial(**kwargs):
    defaults = {"title": "Account", "slug": "account", "person_name": "Quazi", "quote": "Yes."}
    return tree_position(TestimonialPage(**defaults | kwargs))


def new_activity_index(**kwargs):
    return tree_position(ActivityIndexPage(**{"title": "Activities", "slug": "a"} | kwargs))


def new_testimonial_index(**kwargs):
    return tree_position(TestimonialIndexPage(**{"title": "Accounts", "slug": "t"} | kwargs))


def new_theme(**kwargs):
    return Theme(**{"name": "Water", "slug": "water", "locale": Locale.get_default()} | kwargs)


def new_organisation(**kwargs):
    return Organisation(**{"name": "PDAP", "locale": Locale.get_default()} | kwargs)


# One-line text: refuses NUL and bidi controls.
LINE_FIELDS = [
    (new_call_to_action, ["title", "seo_title", "headline", "event_name", "button_label"]),
    (new_call_to_action, ["eligibility", "venue", "city"]),
    (new_activity, ["title", "seo_title", "venue", "city"]),
    (new_testimonial, ["title", "person_name", "person_role", "event_name", "event_city"]),
    (new_testimonial, ["translator_credit"]),
    (new_activity_index, ["title"]),
    (new_testimonial_index, ["title"]),
    (new_theme, ["name"]),
    (new_organisation, ["name", "acronym", "city"]),
]
# Longer text: may hold bidi controls; the admin's form refuses NUL (AdminFormTests).
TEXT_FIELDS = [
    (new_call_to_action, ["standfirst"]),
    (new_activity, ["summary"]),
    (new_testimonial, ["quote"]),
    (new_theme, ["description"]),
    (new_organisation, ["description"]),
]
URL_FIELDS = [
    (new_call_to_action, ["registration_url", "eligibility_url"]),
    (new_activity, ["online_url", "registration_url"]),
    (new_testimonial, ["original_url"]),
    (new_organisation, ["website"]),
]
MAILTO_FIELDS = {("CallToActionPage", "registration_url"), ("ActivityPage", "registration_url")}


def admin_form_class(model):
    """The form the Wagtail admin edits ``model`` with."""
    viewset = getattr(model, "snippet_viewset", None)
    edit_handler = viewset.get_edit_handler() if viewset else model.get_edit_handler()
    return edit_handler.get_form_class()


def errors_of(instance):
    """The model's validation errors by field, ``{}`` when it is valid."""
    try:
        instance.full_clean()
    except ValidationError as error:
        return {name: " ".join(messages) for name, messages in error.message_dict.items()}
    return {}


def each_field(groups):
    for factory, names in groups:
        for name in names:
            yield factory, name, factory()._meta.get_field(name).max_length


class ModelValidationTests(TestCase):
    """``full_clean()``, which the admin, wagtail-localize and importers run."""

    def assertAccepted(self, factory, name, value):
        self.assertEqual(errors_of(factory(**{name: value})), {})

    def assertRefused(self, factory, name, value, message):
        errors = errors_of(factory(**{name: value}))
        self.assertIn(name, errors)
        self.assertIn(message, errors[name])

    def test_one_line_text(self):
        for factory, name, max_length in each_field(LINE_FIELDS):
            with self.subTest(model=factory.__name__, field=name):
                for value in MARKUP.values():
                    if len(value) <= max_length:
                        self.assertAccepted(factory, name, value)
                    else:
                        self.assertRefused(factory, name, value, "Ensure this value has at most")
                self.assertRefused(factory, name, NUL, CONTROL_MESSAGE)
                for code, value in BIDI.items():
                    self.assertRefused(factory, name, value, f"{BIDI_MESSAGE} ({code}).")
                self.assertRefused(factory, name, LONG, f"has at most {max_length} characters")

    def test_nul_in_a_theme_is_refused_before_any_query(self):
        # On PostgreSQL, comparing NUL in Theme.clean()'s duplicate checks was a DataError.
        make_theme("Water", slug="water")
        self.assertRefused(new_theme, "name", NUL, CONTROL_MESSAGE)
        self.assertRefused(new_theme, "slug", NUL, "Enter a valid “slug”")
        self.assertRefused(new_theme, "slug", "water", "Another theme already uses this slug.")

    def test_longer_text(self):
        for factory, name, max_length in each_field(TEXT_FIELDS):
            with self.subTest(model=factory.__name__, field=name):
                for value in [*MARKUP.values(), *BIDI.values()]:
                    self.assertAccepted(factory, name, value)
                # A TextField's max_length is enforced by its form field, not by full_clean().
                field = admin_form_class(factory().__class__).base_fields[name]
                for value, message in [
                    (LONG, f"Ensure this value has at most {max_length} characters"),
                    (NUL, "Null characters are not allowed."),
                ]:
                    with self.assertRaisesMessage(ValidationError, message):
                        field.clean(value)

    def test_web_addresses(self):
        for factory, name, _max_length in each_field(URL_FIELDS):
            model = factory().__class__.__name__
            with self.subTest(model=model, field=name):
                for url in [*BAD_URLS, NUL, "https://example.org/" + LONG]:
                    self.assertIn(name, errors_of(factory(**{name: url})), url)
                for url in BAD_URLS[:3]:
                    self.assertRefused(factory, name, url, URL_MESSAGE)
                self.assertAccepted(factory, name, MARKUP_URL)
                if (model, name) in MAILTO_FIELDS:
                    self.assertAccepted(factory, name, MARKUP_MAILTO)
                else:
                    self.assertRefused(factory, name, MARKUP_MAILTO, URL_MESSAGE)


def block_messages(block, value):
    """The messages of ``block.clean(value)``, ``""`` when it is valid."""
    try:
        block.clean(block.to_python(value))
    except ValidationError as error:
        return " ".join(error.messages) or "invalid"
    return ""


# Blocks, and the children whose text editors type. CharBlocks refuse NUL (Django's form
# field); those marked "line" also refuse bidi controls.
BLOCK_TEXT = [
    (HeadingBlock(), None, "line"),
    (CallToActionBlock(), "heading", "line"),
    (ButtonBlock(), "label", "line"),
    (StatisticBlock(), "figure", "line"),
    (StatisticBlock(), "label", "line"),
    (StatisticBlock(), "source", "line"),
    (QuoteBlock(), "attribution", "line"),
    (QuoteBlock(), "quote", "text"),
    (FigureBlock(), "caption", "text"),
    (ActivityListBlock(), "heading", "text"),
    (ThemeListBlock(), "heading", "text"),
]
BLOCK_URLS = [(ButtonBlock(), "url"), (StatisticBlock(), "source_url")]


class BlockValidationTests(TestCase):
    def test_text_blocks(self):
        for parent, name, kind in BLOCK_TEXT:
            block = parent if name is None else parent.child_blocks[name]
            with self.subTest(block=type(parent).__name__, child=name):
                max_length = block.field.max_length
                for value in MARKUP.values():
                    self.assertEqual(
                        bool(block_messages(block, value)), len(value) > max_length, value
                    )
                self.assertIn("Null characters are not allowed.", block_messages(block, NUL))
                for code, value in BIDI.items():
                    messages = block_messages(block, value)
                    if kind == "line":
                        self.assertIn(f"{BIDI_MESSAGE} ({code}).", messages)
                    else:
                        self.assertEqual(messages, "")
                self.assertIn(
                    f"Ensure this value has at most {max_length} characters",
                    block_messages(block, LONG),
                )

    def test_address_blocks(self):
        for parent, name in BLOCK_URLS:
            block = parent.child_blocks[name]
            with self.subTest(block=type(parent).__name__, child=name):
                for url in [*BAD_URLS, NUL, MARKUP_MAILTO]:
                    self.assertTrue(block_messages(block, url), url)
                self.assertEqual(block_messages(block, MARKUP_URL), "")

    def test_buttons_with_a_hostile_address_are_refused_whole(self):
        for url in BAD_URLS:
            with self.subTest(url=url):
                messages = block_messages(ButtonBlock(), {"label": "Register", "url": url})
                self.assertTrue(messages)


def contentstate(text, url=None):
    """Draftail's format for one paragraph of ``text``, linked to ``url`` if given."""
    entity_ranges, entity_map = [], {}
    if url is not None:
        entity_ranges = [{"offset": 0, "length": len(text), "key": 0}]
        entity_map = {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}}
    block = {
        "key": "hostl",
        "type": "unstyled",
        "depth": 0,
        "text": text,
        "inlineStyleRanges": [],
        "entityRanges": entity_ranges,
        "data": {},
    }
    return json.dumps({"blocks": [block], "entityMap": entity_map})


class AdminFormTests(TestCase):
    """What an editor submits in the Wagtail admin."""

    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")

    def setUp(self):
        self.client.force_login(self.user)

    def add_url(self, model, parent=None):
        meta = model._meta
        parent = parent or site_root()
        return reverse("wagtailadmin_pages:add", args=(meta.app_label, meta.model_name, parent.pk))

    def post_call(self, **overrides):
        return self.client.post(self.add_url(CallToActionPage), call_to_action_data(**overrides))

    def test_every_text_field_of_every_admin_form_refuses_nul(self):
        models = [CallToActionPage, ActivityPage, TestimonialPage, ActivityIndexPage]
        models += [TestimonialIndexPage, Theme, Organisation]
        checked = 0
        for model in models:
            form_name, form_class = model.__name__, admin_form_class(model)
            for name, field in form_class.base_fields.items():
                if not isinstance(field, forms.CharField):  # text, addresses, slugs, tags
                    continue
                with self.subTest(form=form_name, field=name):
                    with self.assertRaises(ValidationError) as caught:
                        field.clean(NUL)
                    codes = {error.code for error in caught.exception.error_list}
                    # A slug refuses it as an invalid slug, every other field as NUL.
                    self.assertTrue(codes & {"null_characters_not_allowed", "invalid"}, codes)
                    checked += 1
        self.assertGreater(checked, 50)

    def test_titles(self):
        for kind, title in MARKUP.items():
            with self.subTest(title=kind):
                slug = f"markup-{kind}"
                response = self.post_call(title=title, slug=slug, **{"action-publish": "1"})
                self.assertEqual(response.status_code, 302)
                page = CallToActionPage.objects.get(slug=slug)
                self.assertEqual(page.title, title)
                html = self.client.get(page.url).content.decode()
                self.assertIn(f"<title>{escape(title)}</title>", html)
                self.assertNotIn(title, html)
        refused = {
            "NUL": (NUL, "Null characters are not allowed."),
            "long": (LONG, "Ensure this value has at most 255 characters"),
            **{code: (value, f"{BIDI_MESSAGE} ({code}).") for code, value in BIDI.items()},
        }
        for kind, (title, message) in refused.items():
            with self.subTest(title=kind):
                response = self.post_call(title=title, slug="refused")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
                self.assertFalse(CallToActionPage.objects.filter(slug="refused").exists())
        response = self.post_call(seo_title=BIDI["U+202E"], slug="refused")
        self.assertContains(response, f"{BIDI_MESSAGE} (U+202E).")

    def test_blocks_refuse_invisible_characters_and_hostile_addresses(self):
        cases = {
            "heading NUL": [("heading", NUL)],
            "heading bidi": [("heading", BIDI["U+2066"])],
            "heading long": [("heading", LONG)],
            "statistic bidi": [("statistic", {"figure": BIDI["U+202E"], "label": "people"})],
            "button javascript:": [("button", button(url="javascript:alert(1)"))],
            "button data:": [("button", button(url=BAD_URLS[5]))],
            "call to action bidi": [
                (
                    "call_to_action",
                    {"heading": BIDI["U+2069"], "text": contentstate("Act"), "button": button()},
                )
            ],
        }
        for kind, blocks in cases.items():
            with self.subTest(block=kind):
                response = self.post_call(body=streamfield(blocks), slug="refused")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "The page could not be created")
                self.assertFalse(CallToActionPage.objects.filter(slug="refused").exists())

    def test_blocks_with_markup_are_saved_and_escaped(self):
        body = streamfield(
            [
                ("heading", SCRIPT),
                ("paragraph", contentstate(BREAKOUT, url="javascript:alert(1)")),
                ("paragraph", contentstate(HTML, url="data:text/html,<script>alert(1)</script>")),
                (
                    "statistic",
                    {"figure": SCRIPT, "label": HTML, "source": "", "source_url": MARKUP_URL},
                ),
                ("button", button(label=BREAKOUT, url=MARKUP_URL)),
                ("quote", {"quote": HTML, "attribution": SCRIPT}),
            ]
        )
        response = self.post_call(body=body, slug="markup", **{"action-publish": "1"})
        self.assertEqual(response.status_code, 302)
        page = CallToActionPage.objects.get(slug="markup")
        stored = json.dumps(page.body.get_prep_value())
        self.assertNotIn("javascript:", stored)
        self.assertNotIn("data:text/html", stored)
        self.assertIn(json.dumps(escape(BREAKOUT))[1:-1], stored)
        audit = audit_page(self, page.url)
        for text in (SCRIPT, BREAKOUT, HTML):
            self.assertIn(text, audit.text)

    def test_rich_text_with_nul_is_never_a_server_error(self):
        body = streamfield([("paragraph", contentstate(NUL))])
        response = self.post_call(body=body, slug="nul", **{"action-publish": "1"})
        self.assertIn(response.status_code, (200, 302))
        page = CallToActionPage.objects.filter(slug="nul").first()
        if page is not None:  # saved: shown without the NUL
            self.assertEqual(self.client.get(page.url).status_code, 200)

    def test_index_introduction_rich_text(self):
        data = nested_form_data(
            {
                "title": "Activities",
                "slug": "all-activities",
                "intro": contentstate(SCRIPT, url="javascript:alert(1)"),
                "comments": inline_formset([]),
                "action-publish": "1",
            }
        )
        response = self.client.post(self.add_url(ActivityIndexPage), data)
        self.assertEqual(response.status_code, 302)
        page = ActivityIndexPage.objects.get(slug="all-activities")
        self.assertNotIn("javascript:", page.intro)
        self.assertIn(SCRIPT, audit_page(self, page.url).text)

    def test_theme_snippet(self):
        url = reverse("wagtailsnippets_icssi_wagtail_theme:add")
        for kind, text in MARKUP.items():
            with self.subTest(name=kind):
                data = {"name": text, "slug": kind, "description": text, "sort_order": "0"}
                self.assertEqual(self.client.post(url, data).status_code, 302)
                self.assertEqual(Theme.objects.get(slug=kind).description, text)
        refused = {
            "name NUL": ({"name": NUL}, "Null characters are not allowed."),
            "name bidi": ({"name": BIDI["U+2067"]}, f"{BIDI_MESSAGE} (U+2067)."),
            "name long": ({"name": LONG}, "Ensure this value has at most 100 characters"),
            "description NUL": ({"description": NUL}, "Null characters are not allowed."),
            "description long": ({"description": LONG}, "at most 500 characters"),
            "slug markup": ({"slug": SCRIPT}, "Enter a valid “slug”"),
        }
        for kind, (fields, message) in refused.items():
            with self.subTest(refused=kind):
                data = {"name": "Refused", "slug": "refused", "description": "", "sort_order": "0"}
                response = self.client.post(url, data | fields)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, escape(message))
        self.assertEqual(Theme.objects.count(), len(MARKUP))

    def test_organisation_snippet(self):
        url = reverse("wagtailsnippets_icssi_wagtail_organisation:add")
        valid = {"name": "PDAP", "acronym": "", "country": "BD", "relationship": "other"}
        valid |= {"website": "", "city": "", "description": ""}
        self.assertEqual(self.client.post(url, valid | {"name": SCRIPT}).status_code, 302)
        self.assertEqual(Organisation.objects.get().name, SCRIPT)
        for url_value in BAD_URLS:
            with self.subTest(website=url_value):
                response = self.client.post(url, valid | {"website": url_value})
                self.assertContains(response, URL_MESSAGE)
        for kind, value in {"NUL": NUL, "bidi": BIDI["U+2068"], "long": LONG}.items():
            with self.subTest(name=kind):
                response = self.client.post(url, valid | {"name": value})
                self.assertEqual(response.status_code, 200)
        self.assertEqual(Organisation.objects.count(), 1)


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "content"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
# Elements that end any embedding or override a bidi control opens in them.
CONTAINING = {
    *("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "div", "blockquote"),
    *("figcaption", "title", "bdi", "pre", "td", "th", "section", "article", "header"),
}


class Audit(HTMLParser):
    """What a browser would run or follow in a page, and its text as a reader sees it."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.stack, self.scripts, self.handlers, self.urls, self.loose_bidi = [], [], [], [], []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            if name in URL_ATTRIBUTES and value:
                self.urls.append(value)
            if BIDI_CONTROLS.intersection(value or ""):
                self.loose_bidi.append(f"{tag} {name}")
        if tag == "script":
            self.scripts.append({"type": dict(attrs).get("type") or "", "text": ""})
        if tag not in VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        tag, attrs = self.stack[-1] if self.stack else ("", {})
        if tag == "script":
            self.scripts[-1]["text"] += data
        self.text += data
        if BIDI_CONTROLS.intersection(data) and tag not in CONTAINING and "dir" not in attrs:
            self.loose_bidi.append(f"{tag}: {data[:40]}")


def dangerous_url(value):
    squeezed = re.sub(r"[\x00-\x20]+", "", value).lower()
    return squeezed.startswith(("javascript:", "data:", "vbscript:"))


def audit_page(test, url):
    response = test.client.get(url)
    test.assertEqual(response.status_code, 200, url)
    audit = Audit(response.content.decode())
    for script in audit.scripts:
        if script["type"] in ("application/json", "application/ld+json"):
            json.loads(script["text"])  # text that closed the element would cut it short
        else:  # every payload calls alert(): none may end up in code
            test.assertNotIn("alert(", script["text"], url)
    test.assertEqual(audit.handlers, [], url)
    test.assertEqual([value for value in audit.urls if dangerous_url(value)], [], url)
    test.assertEqual(audit.loose_bidi, [], url)
    return audit


class SafeOutputTests(TestCase):
    """Accepted hostile text, published everywhere, is escaped in pages and plain in the API.

    Content is created without validation, as an import could, so templates are checked for
    escaping even where validation would also stop a value.
    """

    def publish_everything(self, line, text, url, rich_text):
        organisation = make_organisation(f"{line} org", acronym=line[:30], website=url)
        theme = make_theme(f"{line} theme", description=f"{text} theme description")
        call = make_call_to_action(
            title=f"{line} call",
            seo_title=f"{line} seo",
            headline=f"{line} headline",
            standfirst=f"{text} standfirst",
            event_name=f"{line} event",
            venue=f"{line} venue",
            city=f"{line} city",
            button_label=f"{line} button",
            registration_url=url,
            eligibility=f"{line} eligibility",
            eligibility_url=url,
            start_date=START,
            end_date=START + datetime.timedelta(days=4),
            themes=[theme],
            body=[
                ("heading", f"{line} heading"),
                ("paragraph", f"<p>{escape(rich_text)} paragraph</p>"),
                ("statistic", {"figure": line, "label": f"{line} label", "source_url": url}),
                ("quote", {"quote": f"{text} quote block", "attribution": f"{line} said"}),
                ("button", {"label": f"{line} button block", "url": url}),
                (
                    "call_to_action",
                    {"heading": f"{line} act", "text": "", "button": {"label": line, "url": url}},
                ),
                ("activity_list", {"heading": f"{text} list", "count": 5, "upcoming_only": True}),
            ],
        )
        index = make_activity_index(
            parent=call, title=f"{line} index", intro=f"<p>{escape(rich_text)} intro</p>"
        )
        call = CallToActionPage.objects.get(pk=call.pk)
        call.body.append(("theme_list", {"heading": f"{text} themes", "index": index}))
        call.save_revision().publish()
        activity = make_activity(
            index,
            title=f"{line} activity",
            summary=f"{text} summary",
            venue=f"{line} venue",
            city=f"{line} city",
            online_url=url,
            registration_url=url,
            themes=[theme],
            organisations=[organisation],
            start_date=START + datetime.timedelta(days=1),
        )
        testimonials = make_testimonial_index(parent=call, title=f"{line} accounts")
        account = make_testimonial(
            testimonials,
            title=f"{line} testimonial",
            person_name=f"{line} person",
            person_role=f"{line} role",
            quote=f"{text} quote",
            event_name=f"{line} forum",
            event_city=f"{line} town",
            translator_credit=f"{line} translator",
            original_url=url,
            organisation=organisation,
        )
        CallToActionTestimonial.objects.create(page=call, testimonial=account)
        return call, index, activity, testimonials, account, theme, organisation

    def check_pages(self, pages, expected_text, allow_bidi=False):
        for page in pages:
            with self.subTest(page=type(page).__name__):
                audit = audit_page(self, page.url)
                for text in expected_text.get(type(page).__name__, []):
                    self.assertIn(text, audit.text)

    def test_markup_is_escaped_in_every_page(self):
        for kind, value in MARKUP.items():
            with self.subTest(payload=kind):
                call, index, activity, testimonials, account, theme, organisation = (
                    self.publish_everything(value, value, MARKUP_URL, value)
                )
                shown = {
                    "CallToActionPage": [
                        f"{value} seo",
                        f"{value} headline",
                        f"{value} standfirst",
                        f"{value} event",
                        f"{value} button",
                        f"{value} eligibility",
                        f"{value} heading",
                        f"{value} paragraph",
                        f"{value} label",
                        f"{value} quote block",
                        f"{value} button block",
                        f"{value} act",
                        f"{value} list",
                        f"{value} themes",
                        f"{value} theme description",
                        f"{value} activity",
                        f"{value} quote",
                        f"{value} person",
                    ],
                    "ActivityIndexPage": [f"{value} index", f"{value} intro", f"{value} summary"],
                    "ActivityPage": [f"{value} summary", f"{value} org", f"{value} theme"],
                    "TestimonialIndexPage": [f"{value} testimonial", f"{value} role"],
                    "TestimonialPage": [f"{value} translator", f"{value} town", f"{value} org"],
                }
                self.check_pages([call, index, activity, testimonials, account], shown)
                self.check_api(value, activity, account, call, theme, organisation)

    def test_bidi_controls_stay_in_their_own_element(self):
        # Only where they are accepted: longer text, captions, list headings, rich text.
        for code, value in BIDI.items():
            with self.subTest(character=code):
                pages = self.publish_everything(code, value, "https://example.org/", value)
                self.check_pages(pages[:5], {"CallToActionPage": [f"{value} standfirst"]})

    def check_api(self, value, activity, account, call, theme, organisation):
        answers = {
            "activity": self.api(f"/api/v2/activities/{activity.pk}/"),
            "testimonial": self.api(f"/api/v2/testimonials/{account.pk}/"),
            "call": self.api(f"/api/v2/pages/{call.pk}/"),
            "themes": self.api("/api/v2/themes/?limit=100"),
            "organisations": self.api("/api/v2/organisations/?limit=100"),
        }
        self.assertEqual(answers["activity"]["title"], f"{value} activity")
        self.assertEqual(answers["activity"]["summary"], f"{value} summary")
        self.assertEqual(answers["activity"]["online_url"], MARKUP_URL)
        self.assertEqual(answers["activity"]["organisers"][0]["name"], f"{value} org")
        self.assertEqual(answers["activity"]["themes"][0]["name"], f"{value} theme")
        self.assertEqual(answers["testimonial"]["person_name"], f"{value} person")
        self.assertEqual(answers["call"]["headline"], f"{value} headline")
        self.assertEqual(answers["call"]["testimonials"][0]["quote"], f"{value} quote")
        blocks = {block["type"]: block["value"] for block in answers["call"]["body"]}
        self.assertEqual(blocks["heading"], f"{value} heading")
        self.assertEqual(blocks["paragraph"], f"<p>{escape(value)} paragraph</p>")
        self.assertEqual(blocks["button"]["label"], f"{value} button block")
        self.assertIn(
            f"{value} theme description",
            [item["description"] for item in answers["themes"]["items"]],
        )
        self.assertIn(f"{value} org", [item["name"] for item in answers["organisations"]["items"]])
        browsable = audit_page(self, "/api/v2/activities/?format=api")
        self.assertIn(json.dumps(f"{value} summary"), browsable.text)

    def api(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertEqual(response["Content-Type"], "application/json")
        return response.json()


class EmbedScriptTests(TestCase):
    """The embed puts API data in the partner's page: only as text, links only if http(s)."""

    script = (
        Path(icssi_wagtail.__file__).parent / "static/icssi_wagtail/activities_embed.js"
    ).read_text()

    def code(self):
        # Comments may mention what the code must not do.
        return re.sub(r"/\*.*?\*/|//[^\n]*", "", self.script, flags=re.DOTALL)

    def test_no_html_sinks(self):
        for sink in (
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "createContextualFragment",
            "DOMParser",
            "eval(",
            "Function(",
            "srcdoc",
            'setTimeout("',
            ".src =",
            "location =",
        ):
            with self.subTest(sink=sink):
                self.assertNotIn(sink, self.code())

    def test_text_goes_through_text_content_and_links_through_safe_url(self):
        code = self.code()
        self.assertIn("node.textContent = String(text)", code)
        self.assertIn("createTextNode", code)
        self.assertEqual(re.findall(r"\.href\s*=\s*(\w+)", code), ["href"])
        self.assertIn("var href = safeUrl(", code)
        self.assertIn('url.protocol === "https:" || url.protocol === "http:"', code)
        setters = set(re.findall(r"setAttribute\(\"([\w-]+)\"", code))
        self.assertEqual(setters, {"lang", "dir", "aria-labelledby", "role", "datetime"})

    def test_requests_send_no_cookies(self):
        self.assertIn('credentials: "omit"', self.code())
