"""The bench database: created before a run and dropped after it.

SQLite: the file ``BENCH_SQLITE_PATH`` (default ``benchmarks/bench.sqlite3``) is replaced.
PostgreSQL / MySQL: the database named in ``DATABASE_URL`` is created. So that a mistyped URL
never drops real data, an existing database is dropped only if its name contains "bench" (or,
for the load run, "load").
"""

import os
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


class DatabaseError(Exception):
    pass


def sqlite_path():
    return Path(os.environ.get("BENCH_SQLITE_PATH") or BENCH_DIR / "bench.sqlite3")


def database_from_url(url):
    """Django's ``DATABASES["default"]`` for ``url``, as tests/settings.py reads it."""
    import dj_database_url

    if url.startswith(("mysql:", "mysql2:", "mariadb:")):
        import pymysql

        pymysql.install_as_MySQLdb()
        url = "mysql:" + url.split(":", 1)[1]
        database = dj_database_url.parse(url, conn_max_age=0)
        database["OPTIONS"] = {"charset": "utf8mb4", **database.get("OPTIONS", {})}
        return database
    return dj_database_url.parse(url, conn_max_age=0)


def describe(url):
    if not url:
        return f"SQLite file {sqlite_path()}"
    database = database_from_url(url)
    return f"{database['ENGINE'].rsplit('.', 1)[-1]} database {database['NAME']!r}"


def server_connection(url):
    """An autocommit connection to the server of ``url`` (not to its database), and quoting."""
    database = database_from_url(url)
    host = database["HOST"] or "localhost"
    if database["ENGINE"].endswith("mysql"):
        import pymysql

        conn = pymysql.connect(
            host=host,
            port=int(database["PORT"] or 3306),
            user=database["USER"],
            password=database["PASSWORD"] or "",
            autocommit=True,
        )
        return conn, database["NAME"], "`"
    import psycopg

    conn = psycopg.connect(
        host=host,
        port=database["PORT"] or 5432,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
        connect_timeout=10,
    )
    return conn, database["NAME"], '"'


def exists(cursor, name, quote):
    if quote == "`":
        cursor.execute("SHOW DATABASES LIKE %s", [name])
    else:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def create(url, marker="bench"):
    """Start from an empty database; an existing one only goes if its name contains ``marker``."""
    if not url:
        sqlite_path().unlink(missing_ok=True)
        return
    conn, name, quote = server_connection(url)
    with conn:
        cursor = conn.cursor()
        if exists(cursor, name, quote):
            if marker not in name:
                raise DatabaseError(
                    f"The database {name!r} exists. The benchmark creates and drops its own "
                    "database: name one that does not exist, or one whose name contains "
                    f"{marker!r}."
                )
            cursor.execute(f"DROP DATABASE {quote}{name}{quote}")
        cursor.execute(f"CREATE DATABASE {quote}{name}{quote}")


def drop(url):
    """Remove the database (the Django connections must be closed first)."""
    if not url:
        sqlite_path().unlink(missing_ok=True)
        return
    conn, name, quote = server_connection(url)
    with conn:
        conn.cursor().execute(f"DROP DATABASE IF EXISTS {quote}{name}{quote}")
