"""StreamFields of a page of API results, converted together at a fixed number of queries.

Wagtail converts a StreamField stream by stream: the chooser blocks of one item share a query,
but every item makes its own, each rich text looks up its links with queries of its own, and
each image its rendition. For a list, ``prefetch_streams`` loads the fields that a listing
defers in one query, converts the blocks of every item together (one ``bulk_to_python`` per
block type, so one query per kind of object referred to), expands the links of every rich
text in one query per link type, and gives every image its rendition in one query.
"""

from collections import defaultdict
from functools import partial
from itertools import groupby

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.template.loader import render_to_string
from django.utils.html import escape
from wagtail import blocks
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.stream_block import StreamValue
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Page
from wagtail.rich_text import RichText, features, get_rewriter
from wagtail.rich_text.pages import PageLinkHandler
from wagtail.rich_text.rewriters import LinkRewriter

from ..request_memo import active_locale, locale_by_id


class PrefetchStreamsMixin:
    """For a viewset: the StreamFields a list shows are prefetched for the whole page."""

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if kwargs.get("many") and args:
            prefetch_streams(args[0], stream_field_names(serializer.child), self.request)
        return serializer


def stream_field_names(serializer):
    """The StreamFields of ``serializer``'s model that it shows."""
    names = []
    for field in serializer.fields.values():
        try:
            model_field = serializer.Meta.model._meta.get_field(field.source)
        except FieldDoesNotExist:
            continue
        if isinstance(model_field, StreamField):
            names.append(model_field.attname)
    return names


def prefetch_streams(objects, field_names, request=None):
    """Load and convert the StreamFields ``field_names`` of ``objects`` together; the pages
    their blocks choose and their rich texts' links in each object's language (its
    translation where it has a live one), and the renditions of their images (the size
    ``?image_size=`` asks for, see ``fields.requested_image_size``)."""
    from .fields import requested_image_size  # fields imports this module

    if not objects or not field_names:
        return
    values, by_locale = [], defaultdict(list)
    for name in field_names:
        load_deferred(objects, name)
        for item in objects:
            values.append(getattr(item, name))
            by_locale[getattr(item, "locale_id", None)].append(values[-1])
    convert_together(values)
    slots = []
    for locale_id, group in by_locale.items():
        locale = locale_by_id(locale_id) if locale_id is not None else active_locale()
        found = [slot for value in group for slot in walk(value)]
        localize_chosen_pages([slot for slot in found if isinstance(slot.value, Page)], locale)
        expand_rich_texts([slot for slot in found if isinstance(slot.value, RichText)], locale)
        slots += found
    size = requested_image_size(request)
    renditions = defaultdict(list)
    for slot in slots:
        if isinstance(slot.value, AbstractImage) and slot.rendition:
            renditions[size or slot.rendition].append(slot.value)
    for spec, images in renditions.items():
        prefetch_renditions(images, spec)


def localize_chosen_pages(slots, locale):
    """Replace each chosen page of ``slots`` by its live translation in ``locale`` where it
    has one, in one query, as blocks show them (``blocks.links.in_active_language``)."""
    pages = localize_pages([slot.value for slot in slots], locale)
    for slot, page in zip(slots, pages, strict=True):
        if page is not slot.value:
            slot.replace(page)


def load_deferred(objects, name):
    """Load the deferred field ``name`` of ``objects`` in one query per model."""
    missing = sorted(
        (item for item in objects if name in item.get_deferred_fields()),
        key=lambda item: type(item).__qualname__,
    )
    for model, group in groupby(missing, key=type):
        group = list(group)
        rows = model._base_manager.filter(pk__in=[item.pk for item in group])
        values = dict(rows.values_list("pk", name))
        for item in group:
            if item.pk in values:
                setattr(item, name, values[item.pk])


def convert_together(values):
    """Convert the raw blocks of every lazy StreamValue in ``values`` with one
    ``bulk_to_python`` per block type, as Wagtail does within one stream."""
    pending = {}  # by the block's id: blocks compare by their definition, not hashable
    for value in values:
        if not isinstance(value, StreamValue) or not value.is_lazy:
            continue
        for index, raw in enumerate(value.raw_data):
            block = value.stream_block.child_blocks.get(raw["type"])
            if block is not None:
                pending.setdefault(id(block), (block, []))[1].append((value, index, raw))
    for block, items in pending.values():
        natives = block.bulk_to_python([raw["value"] for _, _, raw in items])
        for (value, index, raw), native in zip(items, natives, strict=True):
            value[index] = StreamValue.StreamChild(block, native, id=raw.get("id"))


class Slot:
    """A value inside a stream, where it can be replaced; ``rendition`` is the filter spec
    of the image in it, where its parent block names one (``api_rendition``)."""

    def __init__(self, value, replace, rendition=None):
        self.value, self.replace, self.rendition = value, replace, rendition


def walk(value, replace=None, rendition=None):
    """Every leaf value inside ``value`` (streams, lists and structs), as ``Slot``\\ s."""
    if isinstance(value, StreamValue | ListValue):
        children = value if isinstance(value, StreamValue) else value.bound_blocks
        for child in children:
            spec = getattr(child.block, "api_rendition", None)
            yield from walk(child.value, partial(setattr, child, "value"), spec)
    elif isinstance(value, blocks.StructValue):
        spec = getattr(value.block, "api_rendition", None)
        for name in value.block.child_blocks:
            yield from walk(value.get(name), partial(value.__setitem__, name), spec)
    else:
        yield Slot(value, replace, rendition)


class ExpandedRichText(RichText):
    """A rich text whose links are already expanded (``expand_rich_texts``)."""

    def __init__(self, source, expanded):
        super().__init__(source)
        self.expanded = expanded

    def __html__(self):
        return render_to_string("wagtailcore/shared/richtext.html", {"html": self.expanded})


def expand_rich_texts(slots, locale=None):
    """Expand the links and embeds of every rich text in ``slots`` together, links to pages
    leading to their translations in ``locale`` (default: the active one)."""
    if not slots:
        return
    htmls = [slot.value.source for slot in slots]
    for rewriter in get_rewriter().rewriters:
        htmls = rewrite_together(rewriter, htmls, locale)
    for slot, html in zip(slots, htmls, strict=True):
        slot.replace(ExpandedRichText(slot.value.source, html))


def rewrite_together(rewriter, htmls, locale=None):
    """``rewriter`` (a Wagtail ``TagRewriter``) applied to each of ``htmls``, asking each
    rule once for the tags of every one of them."""
    found = [rewriter.extract_tags(html) for html in htmls]
    by_type = defaultdict(list)
    for matches in found:
        for tag_type, tag_matches in matches.items():
            by_type[tag_type].extend(tag_matches)
    for tag_type, tag_matches in by_type.items():
        attrs = [match.attrs for match in tag_matches]
        found_replacements = replacements(rewriter, tag_type, attrs, locale)
        # None (an empty list) leaves the tags of this type as they are.
        for match, replacement in zip(tag_matches, found_replacements, strict=False):
            match.replacement = replacement
    return [replace_tags(html, matches) for html, matches in zip(htmls, found, strict=True)]


def replacements(rewriter, tag_type, attrs, locale=None):
    if isinstance(rewriter, LinkRewriter) and features.get_link_types().get(tag_type) is (
        PageLinkHandler
    ):
        return expand_page_links(attrs, locale)
    return rewriter.get_tag_replacements(tag_type, attrs)


def replace_tags(html, matches):
    """``html`` with the tags of ``matches`` that have a replacement replaced."""
    chosen = sorted(
        (match for group in matches.values() for match in group if match.replacement is not None),
        key=lambda match: match.start,
    )
    parts, end = [], 0
    for match in chosen:
        parts += [html[end : match.start], match.replacement]
        end = match.end
    return "".join([*parts, html[end:]])


def expand_page_links(attrs_list, locale=None):
    """``PageLinkHandler``'s links, each page in ``locale`` (default: the active language),
    in a fixed number of queries (Wagtail's own looks up the active locale and the
    translation per page)."""
    pages = localize_pages(PageLinkHandler.get_many(attrs_list), locale)
    return [f'<a href="{escape(page.url)}">' if page else "<a>" for page in pages]


def localize_pages(pages, locale=None):
    """``page.localized`` for each of ``pages`` (``None`` kept) in ``locale`` (default: the
    active one), in one query."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return pages
    locale = locale or active_locale()
    keys = {page.translation_key for page in pages if page and page.locale_id != locale.pk}
    if not keys:
        return pages
    live = Page.objects.live().filter(locale=locale, translation_key__in=keys)
    translations = {page.translation_key: page for page in live.defer_streamfields().specific()}
    return [
        translations.get(page.translation_key, page) if page is not None else None for page in pages
    ]


def prefetch_renditions(images, spec):
    """Give ``images`` their renditions for ``spec`` in one query, as
    ``Image.prefetch_renditions()`` would, so that ``get_rendition()`` makes none."""
    Rendition = get_image_model().get_rendition_model()
    found = defaultdict(list)
    renditions = Rendition.objects.filter(
        image_id__in={image.pk for image in images}, filter_spec=spec
    )
    for rendition in renditions:
        found[rendition.image_id].append(rendition)
    for image in images:
        image.prefetched_renditions = found.get(image.pk, [])
        for rendition in image.prefetched_renditions:
            rendition.image = image
