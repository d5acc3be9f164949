"""The import graph of icssi_wagtail has no circle, and the models load without the layers
that present them (docs/architecture.md, "Which way imports run").

The graph is read from the source with :mod:`ast`, not by importing it: an edge is an import that
runs when its module is imported (at module level, in a class body, under ``if``/``try``;
not inside a function, nor under ``if TYPE_CHECKING``). ``from . import x`` and ``from .x import
y`` resolve against the importing module's package; importing ``a.b.c`` runs ``a/__init__``
and ``a/b/__init__`` too, unless the importer is itself inside that package (whose ``__init__``
then has already begun).
"""

import ast
from pathlib import Path

from django.test import SimpleTestCase

import icssi_wagtail

PACKAGE = "icssi_wagtail"
ROOT = Path(icssi_wagtail.__file__).parent

# What the models must not load, directly or through another module: the API, GraphQL, the
# admin, caches, template tags and hooks import the models, never the other way round.
PRESENTATION = (
    "icssi_wagtail.api",
    "icssi_wagtail.graphql",
    "icssi_wagtail.cache",
    "icssi_wagtail.caching",
    "icssi_wagtail.request_cache",
    "icssi_wagtail.admin",
    "icssi_wagtail.templatetags",
    "icssi_wagtail.wagtail_hooks",
)


def module_names():
    """Every module of the package, by dotted name, with its path and whether it is a package."""
    modules = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        modules[name] = (path, is_package)
    return modules


def runs_at_import(tree):
    """The import statements of a module that run when it is imported."""
    found = []

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for other in child.orelse:
                    visit(ast.Module(body=[other], type_ignores=[]))
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append(child)
            visit(child)

    visit(tree)
    return found


def targets(name, is_package, node, modules):
    """The modules of the package that an import statement loads."""
    if isinstance(node, ast.Import):
        named = [alias.name for alias in node.names]
    else:
        if node.level:
            base = name.split(".") if is_package else name.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            stem = ".".join([*base, node.module] if node.module else base)
        else:
            stem = node.module
        named = [stem, *(f"{stem}.{alias.name}" for alias in node.names)]
    loaded = set()
    for target in named:
        if target not in modules:
            continue
        parts = target.split(".")
        for depth in range(1, len(parts) + 1):
            ancestor = ".".join(parts[:depth])
            inside = name == ancestor or name.startswith(ancestor + ".")
            if ancestor in modules and not inside:
                loaded.add(ancestor)
    loaded.discard(name)
    return loaded


def import_graph():
    modules = module_names()
    graph = {}
    for name, (path, is_package) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[name] = set()
        for node in runs_at_import(tree):
            graph[name] |= targets(name, is_package, node, modules)
    return graph


def circles(graph):
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def connect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def reachable(graph, start):
    seen, todo = set(), [start]
    while todo:
        for other in graph[todo.pop()] - seen:
            seen.add(other)
            todo.append(other)
    return seen


def is_presentation(name):
    return any(name == layer or name.startswith(layer + ".") for layer in PRESENTATION)


class ImportGraphTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.graph = import_graph()

    def test_graph_is_read(self):
        # The reading itself: a known edge of each kind is found.
        self.assertIn("icssi_wagtail.models.activities", self.graph["icssi_wagtail.models"])
        self.assertIn("icssi_wagtail.models", self.graph["icssi_wagtail.api.fields"])
        self.assertIn("icssi_wagtail.models.choices", self.graph["icssi_wagtail.models.activities"])

    def test_no_circle(self):
        found = circles(self.graph)
        self.assertEqual(found, [], f"{[len(circle) for circle in found]} modules in circles")

    def test_models_load_without_presentation_layers(self):
        for name in sorted(self.graph):
            if name == "icssi_wagtail.models" or name.startswith("icssi_wagtail.models."):
                loaded = sorted(
                    other for other in reachable(self.graph, name) if is_presentation(other)
                )
                with self.subTest(module=name):
                    self.assertEqual(loaded, [], f"{name} loads {loaded}")


class GraphReaderTests(SimpleTestCase):
    """The reader finds the edges that matter, so that the tests above can fail."""

    def read(self, source, name="icssi_wagtail.models.x", is_package=False):
        modules = dict.fromkeys(
            (
                "icssi_wagtail",
                "icssi_wagtail.models",
                "icssi_wagtail.models.x",
                "icssi_wagtail.models.y",
                "icssi_wagtail.api",
                "icssi_wagtail.api.fields",
            )
        )
        loaded = set()
        for node in runs_at_import(ast.parse(source)):
            loaded |= targets(name, is_package, node, modules)
        return loaded

    def test_relative_and_absolute_imports(self):
        self.assertEqual(
            self.read("from ..api.fields import F"),
            {"icssi_wagtail.api", "icssi_wagtail.api.fields"},
        )
        self.assertEqual(self.read("from .. import api"), {"icssi_wagtail.api"})
        self.assertEqual(self.read("from . import y"), {"icssi_wagtail.models.y"})
        self.assertEqual(
            self.read("import icssi_wagtail.api.fields"),
            {"icssi_wagtail.api", "icssi_wagtail.api.fields"},
        )
        self.assertEqual(
            self.read("from .x import y", name="icssi_wagtail.models", is_package=True),
            {"icssi_wagtail.models.x"},
        )

    def test_imports_that_run_later_are_not_edges(self):
        self.assertEqual(self.read("def f():\n    from ..api import fields\n"), set())
        self.assertEqual(
            self.read(
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .. import api\n"
            ),
            set(),
        )
        self.assertEqual(self.read("class A:\n    from .. import api\n"), {"icssi_wagtail.api"})
        self.assertEqual(
            self.read("try:\n    from .. import api\nexcept ImportError:\n    pass\n"),
            {"icssi_wagtail.api"},
        )

    def test_a_circle_is_found(self):
        graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
        self.assertEqual(circles(graph), [["a", "b", "c"]])
