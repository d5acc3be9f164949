"""Where a base template puts the blocks that ICSSI pages fill (for system check E005).

Every page template of the app extends ``ICSSI_WAGTAIL["BASE_TEMPLATE"]`` and fills the blocks
``title``, ``extra_head`` and ``content``. Django renders a block only where the top template
of the ``{% extends %}`` chain (the site's base template) reaches it, directly or inside
another block, so a block the base template never reaches is silently dropped. This module
reads the chain without rendering it (no request, no database) and reports, for each block,
whether the page would show it and inside which element.
"""

import re
from dataclasses import dataclass, field

from django.template import TemplateDoesNotExist
from django.template.base import Template, TextNode
from django.template.loader_tags import BlockNode, ExtendsNode

# The blocks ICSSI pages fill, and the element each belongs in.
REQUIRED_BLOCKS = {"title": "title", "extra_head": "head", "content": "main"}

_MARK = "\x00{}:{}\x00"


@dataclass
class Layout:
    """What a base template does with the blocks of the pages that extend it."""

    names: list  # the templates of the chain, the configured one first, the top one last
    reached: dict = field(default_factory=dict)  # block name -> times it is rendered
    inside: dict = field(default_factory=dict)  # block name -> elements around it ("head", ...)
    elements: set = field(default_factory=set)  # "head", "title", "main", "body" if present
    unused: list = field(default_factory=list)  # blocks of the configured template never shown
    order: list = field(default_factory=list)  # rendered blocks, in the order they start

    @property
    def top(self):
        return self.names[-1]

    def host_block(self, element, outside=()):
        """The first block of the site's own rendered once inside ``element`` (and in none of
        the elements ``outside``), which a layout can fill; ``None`` if there is none."""
        for name in self.order:
            inside = self.inside[name]
            if (
                self.reached[name] == 1
                and name not in REQUIRED_BLOCKS
                and element in inside
                and not inside.intersection(outside)
            ):
                return name
        return None


def read_layout(template):
    """The :class:`Layout` of a Django ``Template``, or ``None`` when its chain cannot be
    followed without rendering it (``{% extends some_variable %}``)."""
    chain = _chain(template)
    if chain is None:
        return None
    definitions = {}
    for level in chain:  # the most derived definition of each block wins, as in rendering
        for block in level.nodelist.get_nodes_by_type(BlockNode):
            definitions.setdefault(block.name, block)
    skeleton = []
    _walk(chain[-1].nodelist, definitions, skeleton)
    text = "".join(skeleton)
    layout = Layout(names=[level.origin.template_name or level.origin.name for level in chain])
    spans = {name: _span(text, name) for name in ("head", "title", "main", "body")}
    spans = {name: span for name, span in spans.items() if span}
    layout.elements = set(spans)
    for name in definitions:
        starts = [m.start() for m in re.finditer(re.escape(_MARK.format("B", name)), text)]
        if starts:
            layout.order.append((starts[0], name))
            layout.reached[name] = len(starts)
            layout.inside[name] = {
                element
                for element, (begin, end) in spans.items()
                if any(begin < start < end for start in starts)
            }
    layout.order = [name for _, name in sorted(layout.order)]
    own = chain[0].nodelist.get_nodes_by_type(BlockNode) if len(chain) > 1 else []
    layout.unused = [block.name for block in own if block.name not in layout.reached]
    return layout


def _chain(template):
    chain, history = [template], [template.origin]
    while True:
        extends = [node for node in chain[-1].nodelist if isinstance(node, ExtendsNode)]
        if not extends:
            return chain
        node = extends[0]
        if node.parent_name.filters or not isinstance(node.parent_name.var, str):
            return None  # a variable: known only when a page is rendered
        parent = node.parent_name.var
        try:
            parent, origin = template.engine.find_template(parent, skip=history)
        except TemplateDoesNotExist:
            return None
        if not isinstance(parent, Template):
            return None
        history.append(origin)
        chain.append(parent)


def _walk(nodelist, definitions, out, path=()):
    """Append the text the nodes would write, with a mark where each block starts and ends.

    Both branches of ``{% if %}`` and the body of ``{% for %}`` count as written."""
    for node in nodelist:
        if isinstance(node, TextNode):
            out.append(node.s)
        elif isinstance(node, BlockNode) and node.name not in path:
            out.append(_MARK.format("B", node.name))
            block = definitions.get(node.name, node)
            _walk(block.nodelist, definitions, out, (*path, node.name))
            out.append(_MARK.format("E", node.name))
        elif not isinstance(node, ExtendsNode | BlockNode):
            for attr in getattr(node, "child_nodelists", ()):
                _walk(getattr(node, attr, None) or [], definitions, out, path)


def _span(text, element):
    """Where the first ``element`` (``<main ...>`` ... ``</main>``) starts and ends, or ``None``."""
    start = re.search(rf"<{element}[\s>]", text, re.IGNORECASE)
    end = re.search(rf"</{element}\s*>", text, re.IGNORECASE)
    if not start or not end or end.start() < start.start():
        return None
    return start.start(), end.start()
