"""Demo only: the home page, a plain Wagtail page, speaks its own language.

The app's page types show their interface in the page's language themselves. The demo's home
is a plain ``Page``: under ``/ckb/`` or ``/fr/``, where it has no translation, Wagtail serves
the English home, which must then say ``lang="en"`` and read left to right.
"""

from django.utils import translation
from wagtail import hooks


@hooks.register("before_serve_page")
def serve_in_the_page_language(page, request, serve_args, serve_kwargs):
    translation.activate(page.locale.language_code)
    request.LANGUAGE_CODE = translation.get_language()
