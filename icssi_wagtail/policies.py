"""Policies looked up by class, so that a site's subclass of a page type or snippet keeps every
behaviour of the class it extends (cache scopes, API endpoints, activist-safety fields)."""


def policy_for(model, table, default=None):
    """The entry of ``table`` (a dict keyed by model class) for ``model`` or, failing that,
    for the nearest class ``model`` extends; ``default`` when there is none.

    >>> policy_for(LocalActivityPage, {ActivityPage: "activities"})
    'activities'
    """
    for base in getattr(model, "__mro__", ()):
        if base in table:
            return table[base]
    return default
