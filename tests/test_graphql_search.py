"""GraphQL searches read a visitor's words as the REST API does: full-text syntax never
reaches the search backend, and a search with no word left is a plain error."""

import json

from django.test import TestCase

from .test_graphql import GraphQLMixin, needs_grapple
from .utils import make_testimonial, make_testimonial_index, needs_committed_search

NO_WORD = "The search holds no word to search for."
# Characters and words with a meaning in SQLite's FTS5, PostgreSQL's tsquery or MariaDB's
# boolean mode; each alone, and around a word that matches.
SYNTAX = ['"', "*", "(", "NEAR(a b)", "AND", "-", '"Portrait', "Portrait*", "(Portrait"]
SEARCHES = {
    "search": "{ search(query: %s) { ... on TestimonialPage { id } } }",
    "pages": "{ pages(searchQuery: %s) { id } }",
    "images": "{ images(searchQuery: %s) { id } }",
    "children": "{ page(id: %(index)s) { children(searchQuery: %s) { id } } }",
}


@needs_grapple
class SearchSyntaxTests(GraphQLMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = make_testimonial_index()
        cls.page = make_testimonial(cls.index, title="Portrait of a forum")

    def post(self, field, words):
        query = SEARCHES[field].replace("%(index)s", str(self.index.pk))
        query = query.replace("%s", json.dumps(words))
        response = self.client.post(
            "/graphql/", json.dumps({"query": query}), content_type="application/json"
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_syntax_alone_is_a_plain_error_or_a_search(self):
        for field in SEARCHES:
            for words in SYNTAX:
                with self.subTest(field=field, words=words):
                    result = self.post(field, words)
                    messages = [error["message"] for error in result.get("errors", [])]
                    # A word is left (NEAR, AND, a, Portrait): searched for, without error.
                    self.assertEqual(messages, [] if any(c.isalpha() for c in words) else [NO_WORD])

    def test_nul_is_a_plain_error(self):
        for field in SEARCHES:
            with self.subTest(field=field):
                messages = [
                    error["message"] for error in self.post(field, "Portrait\x00")["errors"]
                ]
                self.assertEqual(messages, ["The search must not contain NUL characters."])

    @needs_committed_search
    def test_words_around_syntax_are_found(self):
        for words in ['"Portrait', "Portrait*", "(Portrait", "Portrait)", "+Portrait -"]:
            with self.subTest(words=words):
                result = self.post("search", words)
                self.assertNotIn("errors", result)
                self.assertEqual(result["data"]["search"], [{"id": str(self.page.pk)}])
