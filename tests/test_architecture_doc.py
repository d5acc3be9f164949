"""docs/architecture.md names only files, modules, classes and functions that exist.

Every ``icssi_wagtail/...`` path in it (``.py`` or ``.html``) is a file of the checkout, and
every dotted ``icssi_wagtail.x.y`` name imports: a module, then attributes of it, or a model
label such as ``icssi_wagtail.ActivityPage``. A rename that leaves the document behind fails
here.
"""

import importlib
import importlib.util
import pathlib
import re
from unittest import skipUnless

from django.apps import apps
from django.test import SimpleTestCase

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
PATH = re.compile(r"\bicssi_wagtail/[\w/.-]+\.(?:py|html)\b")
DOTTED = re.compile(r"\bicssi_wagtail(?:\.\w+)+")


def resolve(dotted):
    """The object ``dotted`` names: its longest importable module, then attributes."""
    parts = dotted.split(".")
    if len(parts) == 2 and parts[1][0].isupper():
        return apps.get_model(dotted)
    for cut in range(len(parts), 0, -1):
        module = ".".join(parts[:cut])
        try:
            spec = importlib.util.find_spec(module)
        except ModuleNotFoundError:  # a parent is not a package
            spec = None
        if spec is None:
            continue
        found = importlib.import_module(module)
        for name in parts[cut:]:
            found = getattr(found, name)
        return found
    raise ImportError(dotted)


@skipUnless(DOC.exists(), "docs/ is not beside tests/ (make test-wheel runs a copy of tests/)")
class ArchitectureDocTests(SimpleTestCase):
    def setUp(self):
        self.text = DOC.read_text(encoding="utf-8")

    def test_every_path_is_a_file(self):
        paths = sorted(set(PATH.findall(self.text)))
        self.assertGreater(len(paths), 10)
        missing = [path for path in paths if not (ROOT / path).is_file()]
        self.assertEqual(missing, [])

    def test_every_dotted_name_imports(self):
        names = sorted(set(DOTTED.findall(self.text)))
        self.assertGreater(len(names), 10)
        missing = []
        for name in names:
            try:
                resolve(name)
            except (ImportError, AttributeError, LookupError):
                missing.append(name)
        self.assertEqual(missing, [])
