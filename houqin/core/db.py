"""Database helpers for the hottest paths.

``insert`` writes new rows with one prepared INSERT per model: the SQL is built once from the
model's fields and kept, where the ORM would compile the same statement again for every row.
It is for append-only records (registrations, events, scans, readings) written thousands of
times a day; it sends no save() signals, as bulk_create does not either.

``execute`` runs such a statement, and the reads every request makes (who is signed in), as a
server-side prepared statement on PostgreSQL: planning the statement again on every call cost
the database more than running it.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

from django.db import connection
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.query import ModelIterable, get_related_populators
from django.db.models.signals import post_init, pre_init

_PREPARED_ATTR = "_houqin_prepared"
_PLACEHOLDER = re.compile(r"%s")
_PREPARED_TEXT: dict[str, str] = {}  # name → SQL, for ``statement``


@cache
def _prepare_sql(sql: str) -> tuple[str, str]:
    """(name, PREPARE statement) of ``sql``, its %s placeholders numbered as $1, $2, …"""
    name = "houqin_" + hashlib.sha1(sql.encode()).hexdigest()[:20]
    numbers = iter(range(1, sql.count("%s") + 1))
    body = _PLACEHOLDER.sub(lambda _match: f"${next(numbers)}", sql)
    _PREPARED_TEXT[name] = sql
    return name, f"PREPARE {name} AS {body}"


def statement(logged_sql: str) -> str:
    """The SQL behind a query as Django logs it: for ``EXECUTE houqin_…`` (or the PREPARE sent
    with its first run), the prepared statement's text; any other query as it is."""
    words = logged_sql.split(None, 2)
    if len(words) > 1 and words[0] in ("EXECUTE", "PREPARE"):
        return _PREPARED_TEXT.get(words[1], logged_sql)
    return logged_sql


def execute(cursor, sql: str, params) -> None:
    """Run ``sql`` (with %s placeholders) on ``cursor``. On PostgreSQL it is prepared once per
    database connection, in the same round trip as its first run, and then executed by name:
    the server plans it once, not on every call. (A prepared statement outlives the transaction
    that prepared it.)"""
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    name, prepare = _prepare_sql(sql)
    raw = connection.connection
    prepared = getattr(raw, _PREPARED_ATTR, None)
    if prepared is None:
        prepared = set()
        setattr(raw, _PREPARED_ATTR, prepared)
    run = f"EXECUTE {name} ({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}"
    if name in prepared:
        cursor.execute(run, params)
        return
    cursor.execute(f"{prepare}; {run}", params)
    cursor.nextset()  # from PREPARE's result to EXECUTE's
    prepared.add(name)


def insert_fields(model: type[Model]) -> tuple:
    """The fields an INSERT writes: every concrete field but the primary key."""
    return tuple(f for f in model._meta.concrete_fields if not f.primary_key)


def prepared_values(obj: Model, fields) -> list:
    """The database values of ``obj``'s ``fields`` for a new row (auto_now_add set as save()
    would)."""
    return [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]


@cache
def _insert_sql(model: type[Model], vendor: str) -> tuple[str, tuple]:
    fields = insert_fields(model)
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    params = ", ".join(["%s"] * len(fields))
    pk = qn(model._meta.pk.column)
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({params}) RETURNING {pk}"
    return sql, fields


def insert(obj: Model) -> Model:
    """INSERT one new object and set its primary key."""
    sql, fields = _insert_sql(type(obj), connection.vendor)
    with connection.cursor() as cursor:
        execute(cursor, sql, prepared_values(obj, fields))
        obj.pk = cursor.fetchone()[0]
    return saved(obj)


def saved(obj: Model) -> Model:
    """Mark ``obj``, just written by plain SQL, as a stored row (as save() would)."""
    obj._state.adding = False
    obj._state.db = connection.alias
    return obj


def _converters(field):
    """The functions that turn a raw column value into the field's Python value (what the ORM's
    compiler applies: SQLite stores booleans as integers and datetimes as text)."""
    col = field.get_col(field.model._meta.db_table)
    # Converters are called with the column, as the compiler does: SQLite's decimal converter
    # reads the field's decimal places from it.
    return col, connection.ops.get_db_converters(col) + field.get_db_converters(connection)


@cache
def _model_columns(model: type[Model], vendor: str):
    fields = list(model._meta.concrete_fields)
    return [f.column for f in fields], [f.attname for f in fields], [_converters(f) for f in fields]


def select_columns(model: type[Model], alias: str) -> str:
    """Every column of ``model`` under the table alias ``alias``, in field order (for
    ``from_row``)."""
    columns, _, _ = _model_columns(model, connection.vendor)
    qn = connection.ops.quote_name
    return ", ".join(f"{alias}.{qn(column)}" for column in columns)


def width(model: type[Model]) -> int:
    """How many columns ``select_columns`` gives."""
    return len(model._meta.concrete_fields)


def from_row(model: type[Model], values) -> Model:
    """The instance of ``model`` whose columns (``select_columns``) a raw row holds."""
    _, names, converters = _model_columns(model, connection.vendor)
    values = list(values)
    for i, (col, funcs) in enumerate(converters):
        for func in funcs:
            values[i] = func(values[i], col, connection)
    return model.from_db(connection.alias, names, values)


@cache
def _select_sql(model: type[Model], related: tuple[str, ...], vendor: str):
    qn = connection.ops.quote_name
    parts, columns, joins = [], [], []
    for alias, (m, fk) in enumerate(
        [(model, None)]
        + [
            (model._meta.get_field(name).related_model, model._meta.get_field(name))
            for name in related
        ]
    ):
        columns.append(select_columns(m, f"t{alias}"))
        parts.append((m, fk))
        if fk is not None:
            joins.append(
                f"LEFT JOIN {qn(m._meta.db_table)} t{alias} "
                f"ON t{alias}.{qn(m._meta.pk.column)} = t0.{qn(fk.column)}"
            )
    sql = (
        f"SELECT {', '.join(columns)} FROM {qn(model._meta.db_table)} t0 {' '.join(joins)} "
        f"WHERE t0.{qn(model._meta.pk.column)} = %s"
    )
    return sql, parts


def get_by_pk(model: type[Model], pk: int, related: tuple[str, ...] = ()) -> Model | None:
    """One object by primary key with its forward relations ``related`` attached, from one
    prepared SELECT; None when there is no such row."""
    sql, parts = _select_sql(model, related, connection.vendor)
    with connection.cursor() as cursor:
        execute(cursor, sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    objects, start = [], 0
    for m, fk in parts:
        objects.append((fk, from_row(m, row[start : start + width(m)])))
        start += width(m)
    obj = objects[0][1]
    for fk, related_obj in objects[1:]:
        fk.set_cached_value(obj, related_obj)
    return obj


def analyze(*models: type[Model]) -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load, as autovacuum would on a
    running server (VACUUM cannot run inside a transaction, e.g. in a test: ANALYZE alone then).
    SQLite plans without statistics, as a new installation does."""
    if connection.vendor != "postgresql":
        return
    verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"{verb} {connection.ops.quote_name(model._meta.db_table)}")


def _builder(model: type[Model]):
    """A function (db, names, values) → instance, as ``Model.from_db`` builds it, but without
    running ``Model.__init__`` field by field: the attributes are set in one step. A model with
    receivers of ``pre_init``/``post_init`` is built through ``from_db``, which sends them."""
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model.from_db
    new = model.__new__

    def build(db, names, values):
        obj = new(model)
        obj.__dict__.update(zip(names, values, strict=True))
        obj._state = state = ModelState()
        state.adding, state.db = False, db
        return obj

    return build


def _related(populators) -> list:
    """(populator, its builder, its own related) for Django's ``RelatedPopulator``s."""
    return [(p, _builder(p.model_cls), _related(p.related_populators)) for p in populators]


def _populate(related, row, from_obj) -> None:
    """Django's ``RelatedPopulator.populate`` (the ``select_related`` objects of a row),
    building each related object with its builder."""
    for populator, build, inner in related:
        if populator.reorder_for_init:
            data = populator.reorder_for_init(row)
        else:
            data = row[populator.cols_start : populator.cols_end]
        if data[populator.pk_idx] is None:
            obj = None
        else:
            obj = build(populator.db, populator.init_list, data)
            _populate(inner, row, obj)
        populator.local_setter(from_obj, obj)
        if obj is not None:
            populator.remote_setter(obj, from_obj)


class DisplayIterable(ModelIterable):
    """Rows of a list page or ledger as model instances, built for reading.

    A ledger page builds hundreds of instances (each row with its ``select_related`` objects);
    ``Model.__init__`` walking every field of every one of them cost more than the query. The
    instances are the same (fields, deferred fields, related objects, ``_state``). Querysets
    with known related objects (a related manager's) are left to the ORM by ``display_rows``."""

    def __iter__(self):
        queryset = self.queryset
        db = queryset.db
        compiler = queryset.query.get_compiler(using=db)
        results = compiler.execute_sql(chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size)
        select, klass_info = compiler.select, compiler.klass_info
        annotations = list((compiler.annotation_col_map or {}).items())
        model = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        names = [f[0].target.attname for f in select[start:end]]
        build = _builder(model)
        related = _related(get_related_populators(klass_info, select, db))
        for row in compiler.results_iter(results):
            obj = build(db, names, row[start:end])
            _populate(related, row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            yield obj


def display_rows(queryset):
    """``queryset`` yielding its rows through ``DisplayIterable`` (unless it yields values, or
    carries known related objects, which the plain ORM handles)."""
    if queryset._iterable_class is not ModelIterable or queryset._known_related_objects:
        return queryset
    queryset = queryset.all()
    queryset._iterable_class = DisplayIterable
    return queryset
