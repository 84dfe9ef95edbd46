"""The full-text index: three contentless FTS5 tables kept in step by a queue.

Why a queue and not triggers that write the FTS tables directly: case files
come from elsewhere, so connections run with ``PRAGMA trusted_schema=OFF``,
and under it SQLite refuses FTS5 tables inside triggers ("unsafe use of
virtual table"). Plain triggers on the base tables are allowed, so each
insert, update and delete of a source's text, an excerpt's note or a record
(including cascaded deletes, undo and other helpers' raw SQL) appends a row to
``search_pending`` carrying the *old* value; :func:`sync`, called by
``Case.run`` before the commit, applies the queue in the same transaction.
Searches call it too, so a write from anywhere is indexed before a query.

Why contentless (``content=''``): the text is already stored once in
``source_text``; a second copy would double a 100 MB case file. Removing a row
from a contentless table needs the values it was indexed with, which is why
the queue keeps the old value.

Why ``unicode61`` and not ``trigram``: measured on this SQLite (3.40.1),
trigram cannot match queries shorter than three characters (Korean ``정부``,
Russian ``суд``) and cannot fold diacritics, and its index is about three
times larger. ``unicode61`` with ``remove_diacritics 2`` folds case for Latin,
Cyrillic and Greek; ``ё`` is written ``е`` before indexing; Hangul query words
match as prefixes so that particles (``정부는``) are found (see
``domain/search_query.py``).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import Connection, MetaData, event, text

from casefile.domain import search_fold
from casefile.domain.search_fold import index_body

TOKENIZER = search_fold.TOKENIZER  # "unicode61 remove_diacritics 2"
FTS_TABLES = {"source": "search_source", "note": "search_note", "record": "search_record"}
SHADOW_SUFFIXES = ("_data", "_idx", "_docsize", "_config", "_content")
MIN_DIGEST_CHARACTERS = 20

DDL: tuple[str, ...] = (
    *(
        f"CREATE VIRTUAL TABLE {table} USING fts5(body, content='', tokenize='{TOKENIZER}')"
        for table in FTS_TABLES.values()
    ),
    "CREATE TRIGGER search_text_ai AFTER INSERT ON source_text BEGIN "
    "INSERT INTO search_pending(kind, item) VALUES ('source', new.source_id); END",
    "CREATE TRIGGER search_text_au AFTER UPDATE OF text ON source_text BEGIN "
    "INSERT INTO search_pending(kind, item, old1) VALUES ('source', old.source_id, old.text); END",
    "CREATE TRIGGER search_text_ad AFTER DELETE ON source_text BEGIN "
    "INSERT INTO search_pending(kind, item, old1) VALUES ('source', old.source_id, old.text); END",
    "CREATE TRIGGER search_note_ai AFTER INSERT ON excerpt WHEN new.note <> '' BEGIN "
    "INSERT INTO search_pending(kind, item) VALUES ('note', new.id); END",
    "CREATE TRIGGER search_note_au AFTER UPDATE OF note ON excerpt BEGIN "
    "INSERT INTO search_pending(kind, item, old1) VALUES ('note', old.id, old.note); END",
    "CREATE TRIGGER search_note_ad AFTER DELETE ON excerpt WHEN old.note <> '' BEGIN "
    "INSERT INTO search_pending(kind, item, old1) VALUES ('note', old.id, old.note); END",
    "CREATE TRIGGER search_record_ai AFTER INSERT ON record BEGIN "
    "INSERT INTO search_pending(kind, item) VALUES ('record', new.id); END",
    "CREATE TRIGGER search_record_au AFTER UPDATE OF title, note, fields ON record BEGIN "
    "INSERT INTO search_pending(kind, item, old1, old2, old3) "
    "VALUES ('record', old.id, old.title, old.note, old.fields); END",
    "CREATE TRIGGER search_record_ad AFTER DELETE ON record BEGIN "
    "INSERT INTO search_pending(kind, item, old1, old2, old3) "
    "VALUES ('record', old.id, old.title, old.note, old.fields); END",
)

_CURRENT = {
    "source": "SELECT text FROM source_text WHERE source_id = ?",
    "note": "SELECT note FROM excerpt WHERE id = ?",
    "record": "SELECT title, note, fields FROM record WHERE id = ?",
}


def install(metadata: MetaData) -> None:
    """Create the index with ``create_all`` (new case files), after the tables."""

    def create(_target: object, connection: Connection, **_: object) -> None:
        for statement in DDL:
            connection.exec_driver_sql(statement)

    event.listen(metadata, "after_create", create)


def owned_table(name: str) -> bool:
    """Tables that belong to the index (virtual tables and their shadows)."""
    return any(name == t or name.startswith(t + "_") for t in FTS_TABLES.values())


def raw_body(kind: str, values: tuple[str | None, ...]) -> str:
    """An item's searchable text from its column values (a record: title, note, fields)."""
    if kind == "record":
        title, note, fields_json = (*values, None, None, None)[:3]
        try:
            fields = json.loads(fields_json or "{}")
        except ValueError:
            fields = {}
        field_text = " ".join(str(v) for v in fields.values()) if isinstance(fields, dict) else ""
        return "\n".join((title or "", note or "", field_text)).strip()
    return values[0] or ""


def body_of(kind: str, values: tuple[str | None, ...]) -> str:
    """The text given to the index for one item."""
    return index_body(raw_body(kind, values))


def content_digest(text_value: str) -> str | None:
    """SHA-256 of the text with case, spacing and punctuation ignored (None if too short).

    The same article saved as HTML, TXT or DOCX extracts to texts that differ in
    line breaks, spaces and typography; they share this digest.
    """
    normalised = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text_value).casefold())
    if len(normalised) < MIN_DIGEST_CHARACTERS:
        return None
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def sync(connection: Connection) -> int:
    """Apply the pending changes to the index; returns how many items were reindexed."""
    pending = connection.exec_driver_sql(
        "SELECT kind, item, old1, old2, old3 FROM search_pending ORDER BY id"
    ).all()
    if not pending:
        return 0
    first: dict[tuple[str, int], tuple[str | None, ...]] = {}
    for kind, item, old1, old2, old3 in pending:
        first.setdefault((kind, item), (old1, old2, old3))  # the first old value is what is indexed
    for (kind, item), old in first.items():
        table = FTS_TABLES[kind]
        if old[0] is not None:
            old_body = body_of(kind, old)
            if old_body:
                connection.exec_driver_sql(
                    f"INSERT INTO {table}({table}, rowid, body) VALUES ('delete', ?, ?)",
                    (item, old_body),
                )
        row = connection.exec_driver_sql(_CURRENT[kind], (item,)).first()
        body = body_of(kind, tuple(row)) if row is not None else ""
        if body:
            connection.exec_driver_sql(
                f"INSERT INTO {table}(rowid, body) VALUES (?, ?)", (item, body)
            )
        if kind == "source":  # computed again when next needed (``fill_digests``)
            connection.exec_driver_sql("DELETE FROM source_digest WHERE source_id = ?", (item,))
    connection.exec_driver_sql("DELETE FROM search_pending")
    return len(first)


def fill_digests(connection: Connection) -> None:
    """Compute the content digest of every source that has none yet.

    Kept out of indexing (it costs as much as the FTS5 insert itself): the
    first duplicate check after imports pays it once per new source."""
    missing = connection.exec_driver_sql(
        "SELECT source_id FROM source_text WHERE source_id NOT IN "
        "(SELECT source_id FROM source_digest)"
    ).all()
    for (source_id,) in missing:
        row = connection.exec_driver_sql(_CURRENT["source"], (source_id,)).first()
        digest = content_digest(row[0]) if row is not None else None
        connection.exec_driver_sql(
            "INSERT INTO source_digest(source_id, digest) VALUES (?, ?)",
            (source_id, digest or ""),
        )


def rebuild(connection: Connection) -> None:
    """Index everything again from the base tables (for a migration or a repair)."""
    for table in FTS_TABLES.values():
        connection.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
    connection.exec_driver_sql("DELETE FROM search_pending")
    connection.exec_driver_sql("DELETE FROM source_digest")
    queue: Iterable[str] = (
        "INSERT INTO search_pending(kind, item) SELECT 'source', source_id FROM source_text",
        "INSERT INTO search_pending(kind, item) SELECT 'note', id FROM excerpt WHERE note <> ''",
        "INSERT INTO search_pending(kind, item) SELECT 'record', id FROM record",
    )
    for statement in queue:
        connection.exec_driver_sql(statement)
    sync(connection)


def _name(statement: str) -> str:
    words = statement.split()
    return words[3] if words[1] == "VIRTUAL" else words[2]


def ensure(connection: Connection) -> bool:
    """Recreate whatever of the index is missing, then rebuild it; True if it had to.

    A later migration that rebuilds a table (Alembic's batch mode copies it and
    drops the old one) drops that table's triggers with it, silently; checking
    at every open costs one look at ``sqlite_master``."""
    present = {
        row[0]
        for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"
        )
    }
    missing = [statement for statement in DDL if _name(statement) not in present]
    if not missing:
        return False
    if "search_pending" not in present:
        return False  # a case file from before the index: its migration builds it
    for statement in missing:
        connection.exec_driver_sql(statement)
    rebuild(connection)
    return True


def pending(connection: Connection) -> bool:
    return connection.execute(text("SELECT 1 FROM search_pending LIMIT 1")).first() is not None
