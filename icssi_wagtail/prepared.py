"""Small lookups whose SQL is written once per process, as a prepared statement is.

Beside its cards, a page of the app runs a few small lookups: the organisations of the
listing's filter, the site menu, the page's translations. The database answers each in a
tenth of a millisecond; Django's ORM spends up to a millisecond writing its SQL, on every
request. :func:`fetch` writes the SQL of such a lookup once per database and ``key``, then only
runs it, binding the values that change from call to call (a page's id).

- ``key`` names everything else the SQL depends on: a locale's id, the view restrictions'
  paths. Two lookups with the same key must build the same SQL.
- The values bound at each call are the ids of rows: ``build`` receives a placeholder for
  each (a negative integer) and must compare a primary or foreign key with it as it is
  (``pk=page_pk``), so that it reaches the SQL's parameters unchanged. (Django finds no row
  for a negative value of a positive integer field without asking the database.)
- The queryset may filter and order on joined tables, and select fewer fields (``only``) or
  annotations, but no related rows (``select_related``). Its rows become instances as a
  queryset's do, each field converted by the database's converters; a ``values_list()``
  queryset's stay tuples.

This keeps SQL text, never data: every call reads the database.
"""

import dataclasses
import threading

from django.db import connections, router

# Placeholders no primary key takes, within a 32-bit integer column's range (Django finds no
# row for a value outside it, without asking the database): build() receives these, fetch()
# binds the real values.
PLACEHOLDER = -2_147_000_000
MAX_STATEMENTS = 500

_statements = {}
_lock = threading.Lock()


class PreparedLookupError(ValueError):
    """A lookup's queryset does not suit :func:`fetch` (a placeholder was transformed, or it
    selects related rows)."""


@dataclasses.dataclass(frozen=True)
class Statement:
    """A lookup's SQL and what turns its rows into instances, as Django's ``ModelIterable``
    would: the fields' attribute names and position, the annotations' positions, and the
    converters of the columns that have some."""

    sql: str
    params: tuple
    positions: dict
    model: type
    fields: list
    start: int
    annotations: dict
    converters: dict

    def run(self, alias, values):
        params = list(self.params)
        for name, indexes in self.positions.items():
            for index in indexes:
                params[index] = int(values[name])
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        return [self.instance(alias, connection, row) for row in rows]

    def instance(self, alias, connection, row):
        if self.converters:
            row = list(row)
            for position, (converters, expression) in self.converters.items():
                for converter in converters:
                    row[position] = converter(row[position], expression, connection)
        if self.model is None:  # values_list()
            return tuple(row)
        end = self.start + len(self.fields)
        instance = self.model.from_db(alias, self.fields, row[self.start : end])
        for name, position in self.annotations.items():
            setattr(instance, name, row[position])
        return instance


def fetch(model, key, build, **values):
    """The ``model`` instances that ``build(**placeholders)``, a queryset of ``model``, finds
    with ``values`` in place of the placeholders (or, for a ``values_list()`` queryset, its
    rows as tuples); its SQL written once per database and ``key``.

    Args:
        model: the model of the queryset (it chooses the database, as the queryset would).
        key: a hashable naming the lookup and what its SQL depends on besides ``values``.
        build: a function of ``values``' names returning the queryset.
        **values: integers bound at each call; ``None`` (a page not saved yet) finds no
            row, without a query.
    """
    if None in values.values():  # no row has a null id (a page not saved yet)
        return []
    alias = router.db_for_read(model)
    statement = _statements.get((alias, key))
    if statement is None:
        statement = _prepare(alias, key, build, sorted(values))
    return statement.run(alias, values)


def _prepare(alias, key, build, names):
    placeholders = {name: PLACEHOLDER - number for number, name in enumerate(names)}
    queryset = build(**placeholders)
    compiler = queryset.query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    positions = {
        name: [index for index, param in enumerate(params) if param == placeholder]
        for name, placeholder in placeholders.items()
    }
    missing = [name for name, indexes in positions.items() if not indexes]
    if missing:
        raise PreparedLookupError(
            f"The SQL of {key!r} does not hold {', '.join(missing)} as given."
        )
    # A values_list() queryset's rows stay tuples.
    info = None if queryset.query.values_select else compiler.klass_info
    if info is not None and info.get("related_klass_infos"):
        raise PreparedLookupError(f"{key!r} must select its model's rows alone.")
    columns = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
    chosen = info["select_fields"] if info else [0]
    statement = Statement(
        sql=sql,
        params=tuple(params),
        positions=positions,
        model=info["model"] if info else None,
        fields=[column.target.attname for column in columns[chosen[0] : chosen[-1] + 1]]
        if info
        else [],
        start=chosen[0],
        annotations=dict(compiler.annotation_col_map or {}),
        converters=compiler.get_converters(columns),
    )
    with _lock:
        if len(_statements) >= MAX_STATEMENTS:  # keys that vary without bound: start again
            _statements.clear()
        _statements[(alias, key)] = statement
    return statement


def forget():
    """Forget every statement (tests that change the database's schema)."""
    with _lock:
        _statements.clear()
