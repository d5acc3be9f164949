"""What visitors' words become before they reach Wagtail's search backend.

Wagtail's database backends pass each word into the database's full-text syntax: a lone ``"``
is a syntax error in SQLite's FTS5, and MariaDB's boolean mode gives ``+ - < > ( ) ~ * @ "``
meanings of their own. The site search and the API search for words only, so these characters
are read as spaces, as the full-text indexes read them in the text they index.
"""

import re

# Characters with a meaning in the full-text syntax of SQLite (FTS5), PostgreSQL or MariaDB.
FULL_TEXT_SYNTAX = re.compile(r"[\"*+\-<>()~@:^{}\[\]|!&\\]+")


def search_words(query):
    """``query`` with the characters of full-text syntax read as spaces; ``""`` when no word
    is left to search for (``?search="``)."""
    return " ".join(FULL_TEXT_SYNTAX.sub(" ", query).split())
