"""The local SQLite database: one engine and one sessionmaker per open station file."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from desktop.models.core import audit, chains, clock
from desktop.models.core.registry import metadata
from desktop.models.core.schema import SchemaDamaged, SchemaObject, missing, objects_of, repair
from desktop.models.core.validators import Msg

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["Database", "SchemaDamaged", "defined_schema", "migrate", "missing_objects", "opened_in_worker"]

MIGRATIONS = Path(__file__).parents[1] / "migrations"
SCHEMA_CACHE = "schema-check.cache"  # beside the database: what the migrations define (see defined_schema)


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, say when a transaction begins (see _on_begin): the module's
    # own handling starts transactions only before INSERT/UPDATE/DELETE, so DDL and SAVEPOINTs ran outside
    # them (a released savepoint committed; a failed migration left half its changes).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()
    chains.register(dbapi_conn)  # the hash chains' triggers call it


def _on_begin(conn: Connection) -> None:
    # Write transactions (Database.begin) take the write lock at once: a deferred transaction that read
    # first and then wrote would fail with SQLITE_BUSY when another window had written in between,
    # instead of waiting its turn (busy_timeout).
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


# Alembic (and Mako, which it brings) is imported only when a station's file is behind the newest revision:
# opening an up-to-date station reads its revision with one query and the scripts' revision lines.

def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(?:None|['\"]([^'\"]+)['\"])\s*$", re.MULTILINE)


@cache
def head_revision() -> str:
    """The newest revision: read from the version scripts' own ``revision``/``down_revision`` lines (a few
    small files), or from Alembic when the scripts are not there as source or do not form one line."""
    revisions, parents = set(), set()
    for script in (MIGRATIONS / "versions").glob("[0-9]*.py"):
        text = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            break
        revisions.add(revision.group(1))
        if down.group(1):
            parents.add(down.group(1))
    else:
        if len(heads := revisions - parents) == 1:
            return heads.pop()
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the file is at (None: a new file)."""
    with engine.connect() as conn:
        # Asked, not tried: a caught "no such table" error would keep, through its traceback, every caller's
        # frame (and their windows) alive until the app's rare garbage collection.
        if not conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).scalar():
            return None  # nothing migrated yet
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (default: the newest). Each migration runs in a transaction."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


@cache
def _migrated_schema() -> Mapping[str, SchemaObject]:
    engine = create_engine("sqlite://")
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    try:
        migrate(engine)
        with engine.connect() as conn:
            return objects_of(conn)
    finally:
        engine.dispose()


@cache
def _migrations_key() -> str:
    """Changes whenever a migration does: a digest of every version script (the newest revision when the
    scripts are not there as source)."""
    scripts = sorted((MIGRATIONS / "versions").glob("*.py"))
    if not any(script.name[0].isdigit() for script in scripts):
        return head_revision()
    digest = hashlib.sha256()
    for script in scripts:
        digest.update(script.name.encode() + b"\0" + script.read_bytes())
    return digest.hexdigest()


def defined_schema(cache: Path | None = None) -> Mapping[str, SchemaObject]:
    """The tables, indexes and triggers of a station at the newest revision, as the migrations make them: they
    run once per process on an in-memory database (about 0.2 s). ``cache``, a file beside the station's
    database, keeps the result between runs, for as long as the migrations stay the same."""
    if cache is None:
        return _migrated_schema()
    key = _migrations_key()
    try:
        kept = json.loads(cache.read_text(encoding="utf-8"))
        if kept["migrations"] == key:
            return {o["name"]: SchemaObject(**o) for o in kept["objects"]}
    except (OSError, ValueError, KeyError, TypeError):
        pass  # none yet, or unreadable: made again
    objects = _migrated_schema()
    with suppress(OSError):  # a read-only folder: checked all the same, only not kept
        part = cache.with_suffix(".part")
        part.write_text(json.dumps({"migrations": key, "objects": [asdict(o) for o in objects.values()]},
                                   ensure_ascii=False), encoding="utf-8")
        os.replace(part, cache)
    return objects


def missing_objects(engine: Engine) -> list[SchemaObject]:
    """What the file at ``engine`` lacks of the defined schema."""
    with engine.connect() as conn:
        return missing(conn, defined_schema())


class Database:
    """Owns the engine and sessions. Each service call is one ``with db.begin(actor) as s:``."""

    def __init__(self, path: Path, *, upgrade: bool = True) -> None:
        self.path = path
        metadata()  # every area's tables, so their foreign keys resolve
        audit.install()
        self.engine = make_engine(path)
        if upgrade and (revision := current_revision(self.engine)) != head_revision():
            try:
                migrate(self.engine)
            except DBAPIError as exc:  # each migration is a transaction: none is left half done
                self.engine.dispose()
                raise SchemaDamaged(Msg(
                    "The station's database could not be upgraded from version {revision} to {head} ({error}); "
                    "nothing half done was kept. Ask IT staff, or restore the station from its latest backup.",
                    revision=revision or "—", head=head_revision(), error=str(exc.orig)[:200])) from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if upgrade:
            self.check_schema()
        clock.use_time_zone(self._time_zone())

    def check_schema(self) -> list[SchemaObject]:
        """Put back any index or trigger the file lacks (``schema.repair``); raises ``SchemaDamaged`` (and
        closes the file) when that cannot be done safely."""
        defined = defined_schema(self.path.with_name(SCHEMA_CACHE))
        with self.engine.connect() as conn:  # the usual case: one read of sqlite_master
            if not missing(conn, defined):
                return []
        try:
            with self.begin() as s:
                return repair(s, defined)
        except SchemaDamaged:
            self.close()
            raise

    def _time_zone(self) -> str:
        """The station's zone (the default before set-up, or in a file not yet upgraded)."""
        try:
            with self.engine.connect() as conn:
                name = conn.exec_driver_sql("SELECT time_zone FROM station WHERE id = 1").scalar()
        except OperationalError:
            name = None
        return str(name) if name else clock.DEFAULT_TIME_ZONE

    @contextmanager
    def begin(self, actor_id: int | None = None) -> Iterator[Session]:
        """A session in one transaction, committed on success and rolled back on any exception."""
        with self._sessions.begin() as session:
            session.connection(execution_options={"sqlite_immediate": True})
            session.info["actor_id"] = actor_id
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only; nothing it does is committed."""
        with self._sessions() as session:
            yield session
            session.rollback()

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def opened_in_worker(path: Path) -> Iterator[Database]:
    """The station file as a job in a worker process opens it: the app that started the job has already
    upgraded and checked it, so only the engine (and the station's time zone) is set up."""
    db = Database(path, upgrade=False)
    try:
        yield db
    finally:
        db.close()
