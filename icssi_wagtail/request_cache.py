"""Renamed ``icssi_wagtail.request_memo``; this alias goes once nothing imports it."""

from .request_memo import *  # noqa: F403
from .request_memo import (  # noqa: F401
    active_locale,
    default_locale,
    hidden_image_ids,
    is_private,
    is_public,
    locale_by_id,
    private_q,
    public,
    register_signal_handlers,
    restricted_paths,
)
