"""Every test that README.md, SECURITY.md, CHANGELOG.md's unreleased part and docs/ name as the
proof of a promise exists: a renamed or deleted test fails here instead of leaving a promise
that nothing proves."""

import ast
import re
from functools import cache
from pathlib import Path
from unittest import TestCase, skipUnless

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = re.compile(r"((?:tests|foreign_site/tests)/[\w/]+\.py)((?:::\w+)*)")


def documents():
    yield ROOT / "README.md"
    yield ROOT / "SECURITY.md"
    yield from sorted((ROOT / "docs").glob("*.md"))


@cache
def definitions(path):
    """The test file's classes, each with the names defined in it and in its bases found in
    the same file, and its module-level functions (under the key None)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}

    def names_of(node, seen=()):
        names = {item.name for item in node.body if hasattr(item, "name")}
        for base in node.bases:
            if isinstance(base, ast.Name) and base.id in classes and base.id not in seen:
                names |= names_of(classes[base.id], (*seen, node.name))
        return names

    found = {name: names_of(node) for name, node in classes.items()}
    found[None] = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    return found


def missing_references(text):
    for match in REFERENCE.finditer(text):
        path, parts = ROOT / match.group(1), [p for p in match.group(2).split("::") if p]
        if parts == ["Class", "test_name"]:  # how the documents write a reference
            continue
        if not path.is_file():
            yield match.group(0)
            continue
        if not parts:
            continue
        found = definitions(path)
        if len(parts) == 1:
            if parts[0] not in found and parts[0] not in found[None]:
                yield match.group(0)
        elif parts[0] not in found or parts[1] not in found[parts[0]]:
            yield match.group(0)


@skipUnless(
    (ROOT / "README.md").is_file(),
    "README.md is not beside tests/ (make test-wheel runs a copy of tests/)",
)
class DocumentedTestsExistTests(TestCase):
    def test_every_named_test_exists(self):
        for document in documents():
            with self.subTest(document=document.name):
                missing = sorted(set(missing_references(document.read_text(encoding="utf-8"))))
                self.assertEqual(missing, [], f"{document.name} names tests that do not exist")

    def test_the_reader_finds_a_missing_test(self):
        text = (
            "(`tests/test_docs_references.py::DocumentedTestsExistTests::test_every_named_test_exists`,"
            " `tests/test_docs_references.py::DocumentedTestsExistTests::test_nothing`)"
        )
        self.assertEqual(
            list(missing_references(text)),
            ["tests/test_docs_references.py::DocumentedTestsExistTests::test_nothing"],
        )
