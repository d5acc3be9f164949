"""GraphQL fields for wagtail-grapple (the ``graphql`` extra); empty lists without it.

The models know nothing of GraphQL: ``attach_fields`` (called by ``IcssiWagtailAppConfig.ready``,
before grapple's own ``ready`` builds its types, which is why ``icssi_wagtail`` comes above
``grapple`` in ``INSTALLED_APPS``) sets ``graphql_fields`` on each page type and on the
``Theme`` and ``Organisation`` snippets from the functions below. A site's subclass inherits
them; one that declares its own ``graphql_fields`` gets the page type's first, then its own
(an own field of the same name wins). This is the only module that imports grapple: when it
cannot be imported, every function returns ``[]`` and the models work as before.

What GraphQL shows follows the rules of the pages and the REST API: venues, organisers,
surnames and photos only as the safety options allow (``public_venue``, ``organisations``,
``public_person_name``, ``visible_photo``), themes named in the page's language, dates in the
event's time zone with their offset, and labels (statuses, countries) in the page's language.

Images: grapple's ``image``, ``images`` and ``search`` queries serve only the images of public
collections that no page hides (``public_images``): the photo of a person who has not recorded
or has withdrawn their consent, or whose photo is hidden, is absent from every query, with its
address and its renditions, whether that is on the live page or in a draft or a page waiting
in moderation, in any language (``safety.hidden_images``). ``search`` serves images and
documents only when their models are registered with grapple (its ``Search`` union has no type
for Wagtail's own), and then only public images and documents of public collections.

Searches (``search(query:)``, ``searchQuery`` of ``pages`` and ``images``) read the visitor's
words as the REST API does (``search.search_words``): full-text syntax never reaches the
search backend, and a search with no word left is a GraphQL error with a plain message.
"""

import functools
import json

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.blocks import MultipleChoiceBlock, PageChooserBlock
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.models import CollectionViewRestriction, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.index import class_is_indexed

from . import blocks, safety
from .api import fields as api_fields
from .api.addresses import absolute_url
from .models import (
    ActivityIndexPage,
    ActivityPage,
    CallToActionPage,
    Organisation,
    TestimonialIndexPage,
    TestimonialPage,
    Theme,
)
from .models.activities import ActivityOrganiser
from .models.choices import ActivityStatus, AttendanceMode, CallStatus, Relationship
from .models.listing import attach_organisations, visible_translation
from .models.organisations import localize_organisations
from .request_memo import public
from .safety import visible_image, without
from .search import search_words as words_of

try:
    import graphene
    from graphql import GraphQLError
    from grapple import models as grapple
    from grapple.registry import registry
    from grapple.types.interfaces import StreamFieldInterface, get_page_interface
    from grapple.types.pages import PagesQuery
    from grapple.types.streamfield import StructBlock
    from grapple.utils import resolve_queryset
except ImportError:  # the graphql extra is not installed
    graphene = grapple = registry = None


def is_available():
    """Whether wagtail-grapple can be imported."""
    return grapple is not None


if graphene is not None:

    class Choice(graphene.ObjectType):
        value = graphene.String(required=True)
        label = graphene.String(required=True)

        class Meta:
            name = "IcssiChoice"
            description = "A stored value and its label in the page's language."

    class Country(graphene.ObjectType):
        code = graphene.String(required=True, description="ISO 3166-1 alpha-2 code.")
        name = graphene.String(required=True)

        class Meta:
            name = "IcssiCountry"

    class Event(graphene.ObjectType):
        start = graphene.String(
            required=True, description="ISO 8601, with the offset of the event's time zone."
        )
        end = graphene.String(
            required=True, description="ISO 8601, with the offset of the event's time zone."
        )
        time_zone = graphene.String(required=True, description="IANA name, e.g. Africa/Tunis.")
        all_day = graphene.Boolean(required=True)
        venue = graphene.String(required=True, description="Empty when only the city is shown.")
        city = graphene.String(required=True)
        country = graphene.Field(Country)

        class Meta:
            name = "IcssiEvent"
            description = "Where and when, in the event's own time zone."


def _model(name):
    return apps.get_model("icssi_wagtail", name)


def _snippet_type(name):
    return lambda: registry.snippets[_model(name)]


def _page_type(name):
    return lambda: registry.pages[_model(name)]


def _list_of(of_type):
    return graphene.List(graphene.NonNull(of_type))


def computed(name, graphql_type, resolve, *, required=False, description=None, is_list=False):
    """A ``graphql_fields`` entry whose value is ``resolve(instance)``, in its language.

    Grapple reads a model attribute for each field. These values take a function (the safety
    options, the page's language), so the entry is grapple's ``(field, wrapper)`` pair (the form
    its ``GraphQLCollection`` uses) and the wrapper gives the graphene field its own resolver,
    which graphene prefers to the one grapple adds. ``resolve`` runs with the instance's
    language active, so labels and country names are in that language.
    """

    def resolver(instance, info, **kwargs):
        with translation.override(language_of(instance)):
            return resolve(instance)

    def field():
        spec = grapple.GraphQLField(
            name, graphql_type, required=required, description=description, is_list=is_list
        )

        def wrap(field_type):
            return graphene.Field(field_type, description=description, resolver=resolver)

        return spec, wrap

    return field


def _choice(name, choices):
    return computed(
        name,
        Choice,
        lambda instance: api_fields.serialize_choice(choices, getattr(instance, name)),
        required=True,
    )


def _date(name):
    return grapple.GraphQLField(name, graphene.Date)


def _common_fields():
    return [
        computed(
            "language",
            graphene.String,
            language_of,
            required=True,
            description="The language code of this page or snippet, e.g. ar.",
        )
    ]


def language_of(instance):
    """The instance's language code: its locale, looked up once per request, not per item."""
    return api_fields.language_of(instance)


# Where a StreamField's block keeps the language of the page that holds it (``_body``).
BLOCK_LANGUAGE = "icssi_language"


def _stream_field_interface():
    return StreamFieldInterface


def _body():
    """The ``body`` StreamField, each block marked with the page's language: grapple resolves
    a block's fields after the page's, outside its language, and a block of an Arabic page
    must name the Arabic testimonial and index (``_public_blocks``, ``_api_json``)."""

    def resolve(page):
        language = language_of(page)
        for child in page.body:
            setattr(child, BLOCK_LANGUAGE, language)
        return page.body

    return computed("body", _stream_field_interface, resolve, is_list=True)


def in_block_language(item):
    """``translation.override`` of the language of the page that holds the block ``item``
    (the active one when it is not known)."""
    return translation.override(getattr(item, BLOCK_LANGUAGE, None) or translation.get_language())


# Where ``prefetch_for_lists`` puts a page's live, public parent (``None`` when it has none).
PUBLIC_PARENT = "_icssi_public_parent"


def _public_parent(page):
    if hasattr(page, PUBLIC_PARENT):
        return getattr(page, PUBLIC_PARENT)
    return public(Page.objects.parent_of(page).live()).specific().first()


def _list_relations():
    """What the fields of each page type read from other tables, to prefetch for a list."""

    def tagged(model):
        through = model._meta.get_field("tagged_items").related_model
        return Prefetch("tagged_items", queryset=through.objects.select_related("tag"))

    organisers = ActivityOrganiser.objects.select_related("organisation")
    return {
        ActivityPage: [
            tagged(ActivityPage),
            Prefetch("organisers", queryset=organisers.order_by("sort_order", "pk")),
            "image",
        ],
        CallToActionPage: [tagged(CallToActionPage)],
        TestimonialPage: ["organisation", "photo"],
    }


def prefetch_for_lists(pages):
    """Fetch, for a whole list of pages, what their fields would read one page at a time:
    the live, public parent and each type's themes, organisers and images (languages come
    from the per-request ``locale_by_id``).

    A fixed number of queries (one per relation and per parent page type), whatever the
    number of pages. Returns ``pages``, a list.
    """
    pages = list(pages)
    if not pages:
        return pages
    for model, relations in _list_relations().items():
        instances = [page for page in pages if isinstance(page, model)]
        if instances:
            prefetch_related_objects(instances, *relations)
    _localize_organisations(pages)
    step = Page.steplen
    orphans = [page for page in pages if not hasattr(page, PUBLIC_PARENT)]
    parent_paths = {page.path[:-step] for page in orphans if page.depth > 1}
    if parent_paths:
        parents = public(Page.objects.filter(path__in=parent_paths).live()).specific()
        parents = {parent.path: parent for parent in parents}
    else:
        parents = {}
    for page in orphans:
        setattr(page, PUBLIC_PARENT, parents.get(page.path[:-step]))
    return pages


# Fields of grapple's image and rendition types that give addresses of files.
IMAGE_URL_FIELDS = frozenset({"url", "src", "srcSet"})


def on_request_host(value, request):
    """An image's address (or a ``srcset`` of them) on the host the client asked, as the
    REST API gives it (``api.addresses``): grapple names ``WAGTAILADMIN_BASE_URL``'s."""
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    if request is None or not base or base not in value or not hasattr(request, "GET"):
        return value
    media = settings.MEDIA_URL
    return value.replace(base + media, absolute_url(request, media))


class PrefetchListsMiddleware:
    """Graphene middleware: the lists of pages that grapple builds inside a page
    (``children``, ``descendants``, ``siblings``, ``ancestors``...) get ``prefetch_for_lists``,
    as the top-level ``pages`` list does, instead of a few queries per page.

    Image addresses (``url``, ``src``, ``srcSet`` of images and renditions) name the host
    the client asked, as the REST API's do.

    It also reads the ``searchQuery`` of those lists (``children(searchQuery: ...)``) as the
    top-level queries do: its words only (``search_words``).

    Add it to the site's settings: ``GRAPHENE = {..., "MIDDLEWARE":
    ["icssi_wagtail.graphql.PrefetchListsMiddleware"]}``.
    """

    def resolve(self, next, root, info, **kwargs):
        result = next(root, info, **with_search_words(kwargs))
        if info.field_name in IMAGE_URL_FIELDS and isinstance(result, str):
            return on_request_host(result, info.context)
        if (
            isinstance(root, Page)
            and isinstance(result, QuerySet)
            and issubclass(result.model, Page)
        ):
            return prefetch_for_lists(result)
        return result


def _page_interface():
    return get_page_interface()


def _page_fields():
    return [
        *_common_fields(),
        # Grapple's parent is served whatever its status.
        computed(
            "parent",
            _page_interface,
            _public_parent,
            description="The parent page, when it is live and public.",
        ),
        # Grapple's page types carry Wagtail's draft_title, the title of unpublished changes.
        computed(
            "draft_title",
            graphene.String,
            lambda page: page.title,
            required=True,
            description="The published title: drafts are not served.",
        ),
    ]


def _event_fields():
    return [
        computed("event", Event, lambda page: api_fields.serialize_event(page), required=True),
        grapple.GraphQLField("starts_at", graphene.DateTime, description="The start in UTC."),
        grapple.GraphQLField("ends_at", graphene.DateTime, description="The end in UTC."),
    ]


def _themes_field():
    return computed(
        "themes",
        _list_of(_snippet_type("Theme")),
        lambda page: api_fields.page_themes(page),
        required=True,
        description="The page's themes, named in its language.",
    )


def _index_fields():
    if grapple is None:
        return []
    return [*_page_fields(), grapple.GraphQLRichText("intro")]


def call_to_action_fields():
    """``graphql_fields`` of ``CallToActionPage``."""
    if grapple is None:
        return []
    return [
        *_page_fields(),
        grapple.GraphQLString("headline", required=True),
        grapple.GraphQLString("standfirst", required=True),
        grapple.GraphQLString("event_name", required=True),
        *_event_fields(),
        _choice("status", CallStatus),
        grapple.GraphQLString("button_label", required=True),
        grapple.GraphQLString("registration_url", required=True),
        _date("registration_opens"),
        _date("registration_closes"),
        grapple.GraphQLString("eligibility", required=True),
        grapple.GraphQLString("eligibility_url", required=True),
        _body(),
        _themes_field(),
        computed(
            "testimonials",
            _list_of(_page_type("TestimonialPage")),
            lambda page: prefetch_for_lists(page.get_testimonials()),
            required=True,
            description="Related testimonials that are live and public, in the page's language.",
        ),
    ]


def activity_index_fields():
    """``graphql_fields`` of ``ActivityIndexPage``."""
    return _index_fields()


def activity_fields():
    """``graphql_fields`` of ``ActivityPage``."""
    if grapple is None:
        return []
    return [
        *_page_fields(),
        grapple.GraphQLString("summary", required=True),
        *_event_fields(),
        _choice("status", ActivityStatus),
        _choice("attendance_mode", AttendanceMode),
        grapple.GraphQLString("online_url", required=True),
        grapple.GraphQLString("registration_url", required=True),
        grapple.GraphQLField("languages", graphene.String, is_list=True, required=True),
        grapple.GraphQLField(
            "interpretation_languages", graphene.String, is_list=True, required=True
        ),
        _themes_field(),
        computed(
            "organisers",
            _list_of(_snippet_type("Organisation")),
            lambda page: page.organisations,
            required=True,
            description="In order; empty when the organisers are hidden for their safety.",
        ),
        grapple.GraphQLImage(
            "image",
            source="visible_image",
            description="Empty when it is a photo hidden for a person's safety.",
        ),
        _body(),
    ]


def testimonial_index_fields():
    """``graphql_fields`` of ``TestimonialIndexPage``."""
    return _index_fields()


def testimonial_fields():
    """``graphql_fields`` of ``TestimonialPage``."""
    if grapple is None:
        return []
    return [
        *_page_fields(),
        grapple.GraphQLString(
            "person_name",
            source="public_person_name",
            required=True,
            description="The first name only, when the surname is hidden.",
        ),
        grapple.GraphQLString("person_role", required=True),
        computed(
            "organisation",
            _snippet_type("Organisation"),
            _localized_organisation,
            description="In the testimonial's language where it has a translation in it.",
        ),
        _country("country"),
        grapple.GraphQLImage(
            "photo",
            source="visible_photo",
            description="Only while consent is recorded and the photo is not hidden.",
        ),
        grapple.GraphQLString("quote", required=True),
        _body(),
        grapple.GraphQLString("event_name", required=True),
        grapple.GraphQLString("event_city", required=True),
        _country("event_country"),
        grapple.GraphQLInt("event_year"),
        _date("account_date"),
        grapple.GraphQLString("original_language", required=True),
        grapple.GraphQLString("translator_credit", required=True),
        grapple.GraphQLString("original_url", required=True),
    ]


# Where ``prefetch_for_lists`` puts a testimonial's organisation in its language.
LOCALIZED_ORGANISATION = "_icssi_localized_organisation"


def _localized_organisation(page):
    if LOCALIZED_ORGANISATION not in page.__dict__:
        found = page.organisation
        if found is not None:
            found = localize_organisations([(found, page.locale_id)])[0]
        page.__dict__[LOCALIZED_ORGANISATION] = found
    return page.__dict__[LOCALIZED_ORGANISATION]


def _localize_organisations(pages):
    """The organisations of a list's activities and testimonials, each in its page's
    language, in one query for all (``localize_organisations``)."""
    attach_organisations([page for page in pages if isinstance(page, ActivityPage)])
    testimonials = [
        page
        for page in pages
        if isinstance(page, TestimonialPage) and page.organisation is not None
    ]
    pairs = [(page.organisation, page.locale_id) for page in testimonials]
    for page, found in zip(testimonials, localize_organisations(pairs), strict=True):
        page.__dict__[LOCALIZED_ORGANISATION] = found


def _country(name):
    return computed(
        name, Country, lambda instance: api_fields.serialize_country(getattr(instance, name))
    )


def theme_fields():
    """``graphql_fields`` of the ``Theme`` snippet."""
    if grapple is None:
        return []
    return [
        *_common_fields(),
        grapple.GraphQLString("slug", required=True, description="The same in every language."),
        grapple.GraphQLString("name", required=True),
        grapple.GraphQLString("description", required=True),
        grapple.GraphQLInt("sort_order", required=True),
    ]


def organisation_fields():
    """``graphql_fields`` of the ``Organisation`` snippet."""
    if grapple is None:
        return []
    return [
        *_common_fields(),
        grapple.GraphQLString("name", required=True),
        grapple.GraphQLString("acronym", required=True),
        _country("country"),
        grapple.GraphQLString("city", required=True),
        grapple.GraphQLString("website", required=True),
        _choice("relationship", Relationship),
        grapple.GraphQLString("description", required=True),
        grapple.GraphQLImage(
            "logo",
            source="visible_logo",
            description="Empty when it is a photo hidden for a person's safety.",
        ),
    ]


# What grapple itself would leak, closed for this app's content.


def register_block_types():
    """Give grapple a type for each StructBlock of this app (from ``AppConfig.ready``).

    Grapple's generic struct type serves a chosen page whatever its status, so a call to action
    that quotes a draft or private testimonial would publish it through the ``blocks`` of its
    body. These types serve a chosen page only when it is live and public (in the active
    language, as pages and the REST API do), and give ``rawValue`` as the JSON the REST API
    gives for the block (grapple's own cannot represent a struct that holds a page).
    """
    if grapple is None:
        return

    for block_class in (
        blocks.ButtonBlock,
        blocks.CallToActionBlock,
        blocks.FigureBlock,
        blocks.QuoteBlock,
        blocks.StatisticBlock,
        blocks.TestimonialBlock,
        blocks.ActivityListBlock,
        blocks.ThemeListBlock,
    ):
        registry.streamfield_blocks[block_class] = _public_struct_type(block_class)


def _public_struct_type(block_class):
    class Meta:
        name = f"Icssi{block_class.__name__}"
        interfaces = (StreamFieldInterface,)

    return type(
        Meta.name,
        (StructBlock,),
        {"Meta": Meta, "resolve_blocks": _public_blocks, "resolve_raw_value": _api_json},
    )


def _public_blocks(item, info, **kwargs):
    """The children of a struct that a visitor may see and grapple can represent.

    Left out: a page that is not live and public, an image hidden for a person's safety
    (``safety.visible_image``; a figure that shows one has no children at all, and its
    ``rawValue`` is ``null``), and every empty child (an optional document, image or page not
    chosen, or since deleted), whose ``rawValue`` grapple declares non-null. A multiple choice
    (grapple has no type for it) is its JSON list.
    """
    if isinstance(item.block, blocks.FigureBlock) and not item.block.is_shown(item.value):
        return []
    children = []
    language = getattr(item, BLOCK_LANGUAGE, None)
    with in_block_language(item):
        for child in StructBlock.resolve_blocks(item, info, **kwargs):
            child.value = _public_child_value(child.block, child.value)
            if child.value is not None:
                setattr(child, BLOCK_LANGUAGE, language)
                children.append(child)
    return children


def _public_child_value(block, value):
    if value is None:
        return None
    if isinstance(block, PageChooserBlock):
        return visible_translation(value)
    if isinstance(block, ImageBlock | ImageChooserBlock):
        return visible_image(value)
    if isinstance(block, MultipleChoiceBlock):
        return json.dumps(list(value), ensure_ascii=False)
    return value


def _api_json(item, info, **kwargs):
    with in_block_language(item):
        value = item.block.get_api_representation(item.value, context={"request": info.context})
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def add_public_search(query_mixins):
    """``register_schema_query`` hook: grapple's ``search`` returns only live, public pages.

    Grapple's own ``search`` returns every page of the apps in ``GRAPPLE["APPS"]`` that matches,
    drafts, private pages and unpublished translations included, and every image and document
    whatever its collection (images and documents whose type the ``Search`` union lacks, which
    fail the whole query). This resolver, placed first, searches the same models and restricts
    pages as grapple's ``pages`` query does, images to ``public_images()`` and documents to
    public collections, and leaves out images and documents the union cannot represent.
    """
    if grapple is None:
        return
    query_mixins.insert(0, PublicSearchQuery)


def add_prefetched_pages(query_mixins):
    """``register_schema_query`` hook: grapple's ``pages`` list costs a fixed number of queries.

    Grapple resolves every field of every page on its own (the parent, the themes, the
    organisers: five queries per activity). This resolver, placed first, returns grapple's own
    list of pages with those relations prefetched (``prefetch_for_lists``).
    """
    if grapple is None:
        return
    query_mixins.insert(0, PrefetchedPagesQuery)


@functools.cache
def _grapple_pages_resolver():
    return PagesQuery().resolve_pages


class PrefetchedPagesQuery:
    def resolve_pages(self, info, **kwargs):
        kwargs = with_search_words(kwargs)
        return prefetch_for_lists(_grapple_pages_resolver()(self, info, **kwargs))


def search_words(query):
    """``query``'s words without full-text syntax (``search.search_words``), as the REST API
    and the site search read them; a ``GraphQLError`` with the REST API's message when no
    word is left (``"``, ``*``), instead of the database's own error."""
    if "\x00" in query:
        raise GraphQLError(_("The search must not contain NUL characters."))
    words = words_of(query)
    if not words:
        raise GraphQLError(_("The search holds no word to search for."))
    return words


def with_search_words(kwargs):
    """Grapple's list arguments, ``searchQuery`` reduced to its words (``search_words``)."""
    if kwargs.get("search_query"):
        kwargs = {**kwargs, "search_query": search_words(kwargs["search_query"])}
    return kwargs


def add_public_images(query_mixins):
    """``register_schema_query`` hook: grapple's ``image`` and ``images`` never serve a photo
    hidden for a person's safety.

    Grapple serves every image of a public collection. These resolvers, placed first, serve
    ``public_images()`` with the same arguments.
    """
    if grapple is None:
        return
    query_mixins.insert(0, PublicImagesQuery)


def public_images():
    """The images GraphQL serves: ``safety.public_images()``."""
    return safety.public_images()


class PublicImagesQuery:
    def resolve_image(self, info, id=None, **kwargs):
        if id is None:
            return None
        return public_images().prefetch_renditions().filter(pk=id).first()

    def resolve_images(self, info, **kwargs):
        kwargs = with_search_words(kwargs)
        return resolve_queryset(public_images().prefetch_renditions(), info, **kwargs)


def _searchable(model):
    """What ``search`` may find of ``model``: live public pages, public images and
    documents, every snippet."""
    if issubclass(model, Page):
        return model.objects.live().public()
    if issubclass(model, get_image_model()):
        return public_images()
    if issubclass(model, get_document_model()):
        private = CollectionViewRestriction.objects.values_list("collection_id", flat=True)
        return without(model.objects.all(), collection__in=private)
    return public_snippets(model)


def public_snippets(model):
    """What every visitor may see of a snippet ``model``: every one, less the organisations
    awaiting a moderator's review (``icssi_wagtail.registration``)."""
    if issubclass(model, Organisation):
        return model.objects.reviewed()
    return model.objects.all()


def add_public_snippets(query_mixins):
    """``register_schema_query`` hook: grapple's ``snippets`` lists every snippet, the
    organisations awaiting review included. This resolver, placed first, lists
    ``public_snippets`` of the same models."""
    if grapple is None:
        return
    query_mixins.insert(0, PublicSnippetsQuery)


class PublicSnippetsQuery:
    def resolve_snippets(self, info, **kwargs):
        return [item for model in registry.snippets for item in public_snippets(model)]


class PublicSearchQuery:
    def resolve_search(self, info, query=None, **kwargs):
        if not query:
            return None
        query = search_words(query)
        backend = get_search_backend()
        # Grapple's Search union has a type for an image or a document only when its model
        # is registered (a custom model in GRAPPLE["APPS"]); any other would fail the query.
        models = [
            model
            for model in (get_document_model(), get_image_model())
            if model in registry.class_models
        ]
        for app_label in registry.apps:
            models += apps.get_app_config(app_label).get_models()
        results = []
        for model in models:
            if not class_is_indexed(model):
                continue
            results += backend.search(query, _searchable(model))
        prefetch_for_lists(result for result in results if isinstance(result, Page))
        return results


def model_fields():
    """Each model's ``graphql_fields`` (new field objects on each call; ``[]`` without grapple)."""
    return {
        CallToActionPage: call_to_action_fields(),
        ActivityIndexPage: activity_index_fields(),
        ActivityPage: activity_fields(),
        TestimonialIndexPage: testimonial_index_fields(),
        TestimonialPage: testimonial_fields(),
        Theme: theme_fields(),
        Organisation: organisation_fields(),
    }


def attach_fields():
    """Set ``graphql_fields`` on the app's models and complete those of sites' subclasses.

    A subclass that declares ``graphql_fields`` of its own gets its page type's fields first,
    then its own (grapple reads them in order, so an own field of the same name wins).
    """
    fields = model_fields()
    for model, model_fields_ in fields.items():
        model.graphql_fields = model_fields_
    for model in apps.get_models():
        own = model.__dict__.get("graphql_fields")
        base = next((fields[cls] for cls in model.__mro__[1:] if cls in fields), None)
        if model in fields or own is None or base is None:
            continue
        model.graphql_fields = [*base, *own]
