"""The embed script (``activities_embed.js``) served with its character set.

Static file servers often send JavaScript without a charset; a browser then reads the script
in the embedding page's encoding. The script is plain ASCII, so it reads the same either way,
but a host may also serve it from its own URL with ``charset=utf-8``::

    from icssi_wagtail.embed import activities_embed_script

    urlpatterns += [path("embed/activities.js", activities_embed_script)]
"""

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

SCRIPT = "icssi_wagtail/activities_embed.js"


@require_safe
@cache_control(public=True, max_age=3600)
def activities_embed_script(request):
    """The script from the static files (a host's own copy first), as UTF-8 JavaScript."""
    path = finders.find(SCRIPT)
    if path is None:
        raise Http404(SCRIPT)
    return FileResponse(open(path, "rb"), content_type="text/javascript; charset=utf-8")
