"""Small lookups whose SQL is written once per process, as a prepared statement is.

Beside its cards, a page of the app runs a few small lookups: the organisations of the
listing's filter, the site menu, the page's translations. The database answers each in a
tenth of a millisecond; Django's ORM spends up to a millisecond writing its SQL, on every
request. :func:`fetch` writes the SQL of such a lookup once per database and ``key``, then only
runs it, binding the values that change from call to call (a page's id).

- ``key`` names everything else the SQL depends on: a locale's id, the view restrictions'
  paths. Two lookups with the same key must build the same SQL.
- The values bound at each call are integers: ``build`` receives a placeholder for each and
  must compare a column with it as it is (``pk=page_pk``), so that it reaches the SQL's
  parameters unchanged.
- The queryset may filter and order on joined tables, but selects its model's own columns: no
  ``select_related``, ``annotate``, ``only`` or ``values``. Its rows become instances through
  Django's ``raw()``, which converts each field as a queryset does.

This keeps SQL text, never data: every call reads the database.
"""

import threading

from django.db import router

# Placeholders no primary key takes, within a 32-bit integer column's range (Django finds no
# row for a value outside it, without asking the database): build() receives these, fetch()
# binds the real values.
PLACEHOLDER = -2_147_000_000
MAX_STATEMENTS = 500

_statements = {}
_lock = threading.Lock()


class PreparedLookupError(ValueError):
    """A lookup's queryset does not suit :func:`fetch` (a placeholder was transformed)."""


def fetch(model, key, build, **values):
    """The ``model`` instances that ``build(**placeholders)``, a queryset of ``model``, finds
    with ``values`` in place of the placeholders; its SQL written once per database and
    ``key``.

    Args:
        model: the model of the queryset (it chooses the database, as the queryset would).
        key: a hashable naming the lookup and what its SQL depends on besides ``values``.
        build: a function of ``values``' names returning the queryset.
        **values: integers bound at each call.
    """
    alias = router.db_for_read(model)
    statement = _statements.get((alias, key))
    if statement is None:
        statement = _prepare(alias, key, build, sorted(values))
    sql, params, positions = statement
    if positions:
        params = list(params)
        for name, indexes in positions.items():
            for index in indexes:
                params[index] = int(values[name])
    return list(model._default_manager.db_manager(alias).raw(sql, params))


def _prepare(alias, key, build, names):
    placeholders = {name: PLACEHOLDER - number for number, name in enumerate(names)}
    queryset = build(**placeholders)
    sql, params = queryset.query.get_compiler(using=alias).as_sql()
    positions = {
        name: [index for index, param in enumerate(params) if param == placeholder]
        for name, placeholder in placeholders.items()
    }
    missing = [name for name, indexes in positions.items() if not indexes]
    if missing:
        raise PreparedLookupError(
            f"The SQL of {key!r} does not hold {', '.join(missing)} as given."
        )
    statement = (sql, tuple(params), positions)
    with _lock:
        if len(_statements) >= MAX_STATEMENTS:  # keys that vary without bound: start again
            _statements.clear()
        _statements[(alias, key)] = statement
    return statement


def forget():
    """Forget every statement (tests that change the database's schema)."""
    with _lock:
        _statements.clear()
