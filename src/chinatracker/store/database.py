"""Opening a store: engine, SQLite pragmas, migrations, transactions.

A `Store` is cheap to create and safe to share within a process. Every batch of writes runs in
`store.transaction()`, which commits on success and rolls back everything on error, so a crash
never leaves half a batch behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.exc import NoSuchModuleError as NoDriverError
from sqlalchemy.orm import Session, sessionmaker

from chinatracker.config import database_url
from chinatracker.errors import StoreError

MIGRATIONS = str(files("chinatracker.store") / "migrations")


# Page cache per SQLite connection (SQLite's default is 2 MiB). Full-text search indexes every
# evidence quote as it is written, and each commit merges FTS5 segments: with 2 MiB those merges
# re-read their pages from the OS, and writing evidence slowed as the store grew (3,500 rows/s at
# 218k facts, against 20,000 with this cache; `chinatracker extract` 1.6 times faster end to end).
SQLITE_CACHE_KIB = 64 * 1024
# Every fact written fires triggers (tallies, places), and SQLite keeps a statement journal for
# each such statement; in a temporary file that is a system call per page saved, and writing
# facts went 1.37 times faster with it in memory. Temporary sort tables move to memory too.
SQLITE_TEMP_STORE = "MEMORY"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers (the web app) work while a batch writes; foreign keys enforce cascades;
    cache and temporary store are set for writes that fire triggers (above)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.execute(f"PRAGMA temp_store={SQLITE_TEMP_STORE}")
    cursor.close()


# Seconds a request waits for a pooled connection before giving up (SQLAlchemy's default is 30):
# a web app whose pool is full should say "busy, retry" (503) soon, not hold the client.
POOL_TIMEOUT_S = 10.0


def create_store_engine(url: str, *, pool_timeout: float = POOL_TIMEOUT_S) -> Engine:
    """Create an engine for a SQLite file or any SQLAlchemy URL, with SQLite tuned for us."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database path or URL: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            parent = Path(database).parent
            if not parent.is_dir():
                raise StoreError(
                    f"cannot create database {database}: folder {parent} does not exist"
                )
        engine = create_engine(url, connect_args={"timeout": 30}, pool_timeout=pool_timeout)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    try:
        return create_engine(url, pool_pre_ping=True, pool_timeout=pool_timeout)
    except NoDriverError as exc:
        raise StoreError(f"no database driver for {parsed.drivername!r}: {exc}") from exc


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest migration (no-op when already there)."""
    config = alembic_config(engine)
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.begin() as connection:
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Store:
    """A database holding documents, facts and their history."""

    def __init__(
        self, url_or_path: str, *, upgrade: bool = True, pool_timeout: float = POOL_TIMEOUT_S
    ) -> None:
        self.url = database_url(url_or_path)
        self.engine = create_store_engine(self.url, pool_timeout=pool_timeout)
        try:
            if upgrade:
                migrate(self.engine)
        except DBAPIError as exc:
            raise StoreError(f"cannot open database {self.display_url}: {exc.orig}") from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def display_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together or not at all."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only."""
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
