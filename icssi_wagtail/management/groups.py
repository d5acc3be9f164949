"""What the group commands share: the site roots, in every language, that groups are given."""

from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission, Locale, Page, Site


def translated_root(root, locale):
    """The site root in ``locale``; an alias of it when it has no translation yet, as
    wagtail-localize makes for the parents of a page it translates."""
    translation = root.get_translation_or_none(locale)
    if translation is None:
        translation = root.specific.copy_for_translation(locale, copy_parents=True, alias=True)
    return Page.objects.get(pk=translation.pk)


def site_roots(locales=None):
    """Every site's root page in each of ``locales`` (default: every locale)."""
    locales = Locale.objects.all() if locales is None else locales
    roots = [site.root_page for site in Site.objects.select_related("root_page")]
    return [translated_root(root, locale) for locale in locales for root in roots]


def permissions(pairs):
    """The ``Permission`` objects named by ``(app_label, codename)`` pairs."""
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in pairs
    ]


def grant_pages(group, pages, codenames, exactly=False):
    """Give ``group`` the page permissions ``codenames`` on ``pages`` and their descendants;
    with ``exactly``, take away every other page permission the group holds."""
    page_permissions = permissions(("wagtailcore", codename) for codename in codenames)
    kept = []
    for page in pages:
        for permission in page_permissions:
            grant, _created = GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission
            )
            kept.append(grant.pk)
    if exactly:
        GroupPagePermission.objects.filter(group=group).exclude(pk__in=kept).delete()
