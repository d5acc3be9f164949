"""The interface catalogues: every marked string translated in every shipped language."""

import contextlib
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
from django.core.management import call_command
from django.test import SimpleTestCase

import icssi_wagtail

PACKAGE = Path(icssi_wagtail.__file__).parent
LANGUAGES = ["ar", "ckb", "fr", "it"]
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*[sdfxX]|\{\w*\}")


def catalogue(language, kind="po"):
    path = PACKAGE / "locale" / language / "LC_MESSAGES" / f"django.{kind}"
    return polib.pofile(str(path)) if kind == "po" else polib.mofile(str(path))


def key(entry):
    return (entry.msgctxt or "", entry.msgid)


def translations(entry):
    return [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())


class CatalogueTests(SimpleTestCase):
    def test_every_entry_is_translated_and_none_is_fuzzy(self):
        for language in LANGUAGES:
            po = catalogue(language)
            with self.subTest(language=language):
                self.assertEqual(po.metadata["Language"], language)
                self.assertGreater(len(po), 200)
                self.assertEqual([e.msgid for e in po if "fuzzy" in e.flags], [])
                self.assertEqual([e.msgid for e in po if not all(translations(e))], [])
                self.assertFalse(po.metadata_is_fuzzy)

    def test_placeholders_are_kept(self):
        for language in LANGUAGES:
            for entry in catalogue(language):
                expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
                for text in translations(entry):
                    with self.subTest(language=language, msgid=entry.msgid):
                        self.assertEqual(
                            sorted(set(PLACEHOLDER.findall(text))), sorted(set(expected))
                        )

    def test_compiled_catalogues_match_their_sources(self):
        for language in LANGUAGES:
            with self.subTest(language=language):
                po = {key(e): translations(e) for e in catalogue(language)}
                mo = {key(e): translations(e) for e in catalogue(language, "mo")}
                self.assertEqual(mo, po, "Run `make messages` to compile the .po files.")

    def test_every_marked_string_is_in_the_catalogues(self):
        """Extract the messages again from the code and compare: a string marked for
        translation since the catalogues were last updated fails here."""
        if not shutil.which("xgettext"):
            self.fail("GNU gettext is needed to extract messages: apt-get install gettext.")
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "icssi_wagtail"
            shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
            (copy / "locale").mkdir()
            with contextlib.chdir(copy):
                call_command(
                    "makemessages",
                    locale=["ar"],
                    no_location=True,
                    ignore_patterns=["static/*"],
                    verbosity=0,
                )
            extracted = {
                key(e) for e in polib.pofile(str(copy / "locale/ar/LC_MESSAGES/django.po"))
            }
        self.assertGreater(len(extracted), 200)
        for language in LANGUAGES:
            with self.subTest(language=language):
                shipped = {key(e) for e in catalogue(language)}
                self.assertEqual(sorted(extracted - shipped), [], "Run `make messages`.")


class MsgfmtTests(SimpleTestCase):
    def test_gnu_msgfmt_accepts_every_catalogue(self):
        msgfmt = shutil.which("msgfmt")
        if not msgfmt:
            self.fail("GNU gettext is needed: apt-get install gettext.")
        for language in LANGUAGES:
            path = PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"
            result = subprocess.run(  # noqa: S603 (a file of this package)
                [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(path)],
                capture_output=True,
                text=True,
            )
            with self.subTest(language=language):
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertNotIn("untranslated", result.stderr)
                self.assertNotIn("fuzzy", result.stderr)
