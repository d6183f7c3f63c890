"""Full-text search over documents and facts, with snippets: SQLite FTS5 or PostgreSQL.

The migration `0003_web_accounts_search` builds the indexes; this module queries them.

- **SQLite**: two FTS5 tables with external content, `documents_fts` (title, text) over
  `documents` and `evidence_fts` (quote) over `evidence`, with the Porter stemmer ("deliveries"
  finds "delivery"). Ranked by bm25; snippets by `snippet()`. Writers index new rows once per
  batch (`index_documents`, `index_evidence`: migration 0006 says why); triggers follow updates
  and deletes.
- **PostgreSQL**: GIN indexes on `to_tsvector('english', ...)` of the same columns, queried with
  `websearch_to_tsquery` (quotes for phrases, `or`, `-word`), ranked by `ts_rank_cd`, snippets
  by `ts_headline`. A document is indexed on its first `PG_DOCUMENT_CHARS` characters, because
  a tsvector holds at most 1 MB.

Anyone may search (the public site too), so a query is bounded before it runs: at most
`MAX_TERMS` terms, `MAX_PREFIX_TERMS` of them prefixes (`word*`), each prefix at least
`MIN_PREFIX_CHARS` letters long, `MAX_QUERY_CHARS` characters in all; and every search runs
under a time limit (`store/time_limits.py`). Twenty-five `a*` terms ran 65 s before these.

A query with Chinese characters searches the Chinese indexes of migration 0012 instead: character
trigrams of the simplified text (SQLite FTS5 `trigram`, PostgreSQL `pg_trgm`), so either script
finds either script. Each term must occur; a term of one or two characters, too short for a
trigram, is matched as a substring. Ranking is bm25 where FTS5 can rank, newest first otherwise,
and the snippet is cut from the stored text around the first match.

A fact is found through its evidence: the words of the source it rests on. Snippets come back
as plain text with the matches between `MARK_START` and `MARK_END` control characters, so the
caller escapes the text first and marks the matches after (see `web/highlight.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, Connection, Row, bindparam, text
from sqlalchemy.orm import Session

from chinatracker.errors import TrackerError
from chinatracker.reference.scripts import has_han, to_simplified, translation_pairs
from chinatracker.store.time_limits import QueryTimeout, time_limit

MARK_START = "\x02"
MARK_END = "\x03"
RECORD_KINDS = ("aid", "event", "quote", "claim")

# What the migrations create; Alembic's autogenerate must leave these alone (`include_name`).
SQLITE_ZH_TABLES = ("documents_zh_fts", "evidence_zh_fts")
SQLITE_FTS_TABLES = ("documents_fts", "evidence_fts", *SQLITE_ZH_TABLES)
FTS5_SHADOW_SUFFIXES = ("", "_data", "_idx", "_content", "_docsize", "_config")


# PostgreSQL: an immutable SQL function wraps translate() with the one-to-one table, so that an
# index expression stays a short function call (the table itself is 8,000 characters).
PG_ZH_FUNCTION = "chinatracker_zh_simplified"


def pg_zh_function() -> str:
    traditional, simplified = translation_pairs()
    return (
        f"CREATE OR REPLACE FUNCTION {PG_ZH_FUNCTION}(value text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
        f"$$ SELECT translate(value, '{traditional}', '{simplified}') $$"
    )


def _translated(column: str) -> str:
    """`column` read as simplified Chinese in SQL (PostgreSQL)."""
    return f"{PG_ZH_FUNCTION}({column})"


ZH_LANGUAGE = "zh%"
PG_ZH_DOCUMENT_CHARS = 250_000


def zh_document_expression(alias: str = "") -> str:
    """The indexed expression of a Chinese document (migration 0012 and the queries)."""
    prefix = f"{alias}." if alias else ""
    return _translated(
        f"left(coalesce({prefix}title, '') || ' ' || {prefix}text, {PG_ZH_DOCUMENT_CHARS})"
    )


def zh_evidence_expression(alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return _translated(f"{prefix}quote")


PG_ZH_INDEXES = {
    "ix_documents_zh_search": "CREATE INDEX ix_documents_zh_search ON documents USING gin "
    f"(({zh_document_expression()}) gin_trgm_ops) WHERE language LIKE '{ZH_LANGUAGE}'",
    "ix_evidence_zh_search": "CREATE INDEX ix_evidence_zh_search ON evidence USING gin "
    f"(({zh_evidence_expression()}) gin_trgm_ops)",
}
POSTGRES_INDEXES = ("ix_documents_search", "ix_evidence_search", *PG_ZH_INDEXES)
PG_CONFIG = "english"
PG_DOCUMENT_CHARS = 250_000
# Must be the very expressions of the indexes in the migration, or PostgreSQL will not use them.
PG_DOCUMENT_VECTOR = (
    f"to_tsvector('{PG_CONFIG}'::regconfig, "
    f"coalesce(d.title, '') || ' ' || left(d.text, {PG_DOCUMENT_CHARS}))"
)
PG_EVIDENCE_VECTOR = f"to_tsvector('{PG_CONFIG}'::regconfig, e.quote)"


MAX_QUERY_CHARS = 200
MAX_TERMS = 12
MAX_PREFIX_TERMS = 3
MIN_PREFIX_CHARS = 3
# Seconds one search (its count, page and snippets together) may run.
SEARCH_SECONDS = 5.0


class SearchError(TrackerError):
    """A search query that cannot be run (nothing to search for, too big, too slow)."""


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic filter: the search tables and indexes are not models, so autogenerate skips them."""
    if name is None:
        return True
    if type_ == "table":
        return not any(
            name == table + suffix for table in SQLITE_FTS_TABLES for suffix in FTS5_SHADOW_SUFFIXES
        )
    if type_ == "index":
        return name not in POSTGRES_INDEXES
    return True


@dataclass(frozen=True)
class DocumentHit:
    document_id: int
    title: str | None
    path: str
    published: dt.date | None
    snippet: str


@dataclass(frozen=True)
class FactHit:
    fact_id: int
    kind: str
    document_id: int
    review_status: str
    confidence: float
    date: dt.date | None
    snippet: str


@dataclass(frozen=True)
class SearchPage:
    """One page of hits and how many there are in all."""

    query: str
    total: int
    hits: list[DocumentHit] | list[FactHit]


WORD = re.compile(r"\w", re.UNICODE)
TOKEN = re.compile(r'"([^"]*)"|(\S+)')


# Ids per INSERT ... SELECT, well under SQLite's limit on bound parameters.
INDEX_CHUNK = 5000
INDEX_NEW = {
    "documents": "INSERT INTO documents_fts(rowid, title, text) "
    "SELECT id, title, text FROM documents WHERE id IN :ids",
    "evidence": "INSERT INTO evidence_fts(rowid, quote) "
    "SELECT id, quote FROM evidence WHERE fact_id IN :ids",
}


def index_documents(session: Session, ids: Sequence[int]) -> None:
    """Add documents just inserted to the SQLite search index (in the inserting transaction)."""
    _index_new(session, "documents", ids)
    _index_chinese(session, "documents", ids)


def index_evidence(session: Session | Connection, fact_ids: Sequence[int]) -> None:
    """Add the evidence of facts just inserted to the SQLite search index."""
    _index_new(session, "evidence", fact_ids)
    _index_chinese(session, "evidence", fact_ids)


ZH_SOURCES = {
    "documents": "SELECT id, title, text FROM documents "
    f"WHERE id IN :ids AND language LIKE '{ZH_LANGUAGE}'",
    "evidence": "SELECT e.id, e.quote FROM evidence e JOIN facts f ON f.id = e.fact_id "
    "JOIN documents d ON d.id = f.document_id "
    f"WHERE e.fact_id IN :ids AND d.language LIKE '{ZH_LANGUAGE}'",
}
ZH_INSERT = {
    "documents": "INSERT INTO documents_zh_fts(rowid, title, text) VALUES (:id, :title, :text)",
    "evidence": "INSERT INTO evidence_zh_fts(rowid, quote) VALUES (:id, :quote)",
}


def _index_chinese(session: Session | Connection, table: str, ids: Sequence[int] | None) -> None:
    """The simplified copy of Chinese rows into the SQLite trigram index (`ids` None: all)."""
    dialect = session.dialect if isinstance(session, Connection) else session.get_bind().dialect
    if dialect.name != "sqlite":
        return  # PostgreSQL's trigram expression indexes follow every write by themselves
    source = ZH_SOURCES[table]
    chunks: list[list[int] | None] = [None]
    if ids is not None:
        chunks = [list(ids[i : i + INDEX_CHUNK]) for i in range(0, len(ids), INDEX_CHUNK)]
    else:
        source = source.replace("e.fact_id IN :ids AND ", "").replace("id IN :ids AND ", "")
    for chunk in chunks:
        statement = text(source)
        params: dict[str, object] = {}
        if chunk is not None:
            statement = statement.bindparams(bindparam("ids", expanding=True))
            params = {"ids": chunk}
        rows = session.execute(statement, params).all()
        values = [
            {"id": row[0], "title": to_simplified(row[1] or ""), "text": to_simplified(row[2])}
            if table == "documents"
            else {"id": row[0], "quote": to_simplified(row[1])}
            for row in rows
        ]
        if values:
            session.execute(text(ZH_INSERT[table]), values)


def fill_chinese_index(connection: Connection) -> None:
    """Index every Chinese document and evidence row already stored (migration 0012)."""
    for table in ("documents", "evidence"):
        _index_chinese(connection, table, None)


def _index_new(session: Session | Connection, table: str, ids: Sequence[int]) -> None:
    dialect = session.dialect if isinstance(session, Connection) else session.get_bind().dialect
    if dialect.name != "sqlite":
        return  # PostgreSQL's GIN expression indexes follow every write by themselves
    statement = text(INDEX_NEW[table]).bindparams(bindparam("ids", expanding=True))
    for first in range(0, len(ids), INDEX_CHUNK):
        session.execute(statement, {"ids": list(ids[first : first + INDEX_CHUNK])})


def fts5_query(query: str) -> str:
    """Turn what a person types into a safe FTS5 query: words and "phrases", all required.

    Every term is quoted, so FTS5 syntax in the input (NEAR, column filters, parentheses) is
    searched for as words, never run; `OR` between terms and a trailing `*` (prefix) are kept.
    """
    parts: list[str] = []
    for phrase, word in TOKEN.findall(query):
        if word == "OR" and parts and parts[-1] != "OR":
            parts.append("OR")
            continue
        term = phrase if phrase else word
        prefix = not phrase and term.endswith("*") and len(term) > 1
        term = term.rstrip("*") if prefix else term
        if not WORD.search(term):
            continue
        parts.append('"' + term.replace('"', '""') + '"' + ("*" if prefix else ""))
    while parts and parts[-1] == "OR":
        parts.pop()
    if not parts:
        raise SearchError(f"nothing to search for in {query!r}: type a word")
    return " ".join(parts)


def check_query(query: str) -> str:
    """The query, stripped, if it is within bounds (module docstring); else SearchError."""
    query = query.strip()
    if "\x00" in query:
        raise SearchError("the search contains a NUL character: remove it")
    if len(query) > MAX_QUERY_CHARS:
        raise SearchError(f"the search is longer than {MAX_QUERY_CHARS} characters: shorten it")
    if not WORD.search(query):
        raise SearchError(f"nothing to search for in {query!r}: type a word")
    prefixes = [w for p, w in TOKEN.findall(query) if not p and w.endswith("*") and len(w) > 1]
    if len(prefixes) > MAX_PREFIX_TERMS:
        raise SearchError(
            f"the search has {len(prefixes)} prefix terms (word*); use at most {MAX_PREFIX_TERMS}"
        )
    for prefix in prefixes:
        if len(WORD.findall(prefix)) < MIN_PREFIX_CHARS:
            raise SearchError(
                f"{prefix!r} is too short a prefix: type at least {MIN_PREFIX_CHARS} letters "
                "before the *"
            )
    terms = [phrase or word for phrase, word in TOKEN.findall(query) if word != "OR"]
    if len(terms) > MAX_TERMS:
        raise SearchError(f"the search has {len(terms)} terms; use at most {MAX_TERMS}")
    return query


def search_documents(
    session: Session,
    query: str,
    *,
    limit: int = 20,
    offset: int = 0,
    seconds: float = SEARCH_SECONDS,
) -> SearchPage:
    """Documents matching `query`, best first, with a snippet of the best passage."""
    query = check_query(query)
    try:
        with time_limit(session, seconds, "search"):
            return _documents(session, query, limit, offset)
    except QueryTimeout as exc:
        raise SearchError(str(exc)) from exc


def _documents(session: Session, query: str, limit: int, offset: int) -> SearchPage:
    if has_han(query):
        return _zh_documents(session, query, limit, offset)
    if session.get_bind().dialect.name == "postgresql":
        return _pg_documents(session, query, limit, offset)
    match = fts5_query(query)
    total = session.execute(
        text("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH :q"), {"q": match}
    ).scalar_one()
    rows = session.execute(
        text(
            "SELECT d.id, d.title, d.path, d.published, "
            "snippet(documents_fts, -1, :a, :b, '…', 24) AS snip "
            "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
            "WHERE documents_fts MATCH :q ORDER BY documents_fts.rank, d.id "
            "LIMIT :limit OFFSET :offset"
        ),
        {"q": match, "a": MARK_START, "b": MARK_END, "limit": limit, "offset": offset},
    )
    return SearchPage(query, int(total), [_document_hit(row) for row in rows])


def _pg_documents(session: Session, query: str, limit: int, offset: int) -> SearchPage:
    matches = (
        f"FROM documents d, websearch_to_tsquery('{PG_CONFIG}', :q) query "
        f"WHERE {PG_DOCUMENT_VECTOR} @@ query"
    )
    total = session.execute(text(f"SELECT count(*) {matches}"), {"q": query}).scalar_one()
    headline = (
        f"ts_headline('{PG_CONFIG}', "
        f"coalesce(d.title, '') || ' ' || left(d.text, {PG_DOCUMENT_CHARS}), query, :options)"
    )
    rows = session.execute(
        text(
            f"SELECT d.id, d.title, d.path, d.published, {headline} AS snip "
            f"FROM (SELECT d.id, ts_rank_cd({PG_DOCUMENT_VECTOR}, query) AS rank {matches} "
            "ORDER BY rank DESC, d.id LIMIT :limit OFFSET :offset) page "
            "JOIN documents d ON d.id = page.id "
            f"CROSS JOIN websearch_to_tsquery('{PG_CONFIG}', :q) query "
            "ORDER BY page.rank DESC, page.id"
        ),
        {"q": query, "limit": limit, "offset": offset, "options": _headline_options(24)},
    )
    return SearchPage(query, int(total), [_document_hit(row) for row in rows])


def _headline_options(words: int) -> str:
    return (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={words}, "
        f'MinWords={max(5, words // 3)}, MaxFragments=2, FragmentDelimiter=" … "'
    )


def _day(value: object) -> dt.date | None:
    """A date column of a raw query: SQLite hands back its ISO text."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value if isinstance(value, dt.date) else None


def _document_hit(row: Row[Any]) -> DocumentHit:
    id_, title, path, published, snip = tuple(row)
    return DocumentHit(int(id_), title, str(path), _day(published), snip or "")


def search_facts(
    session: Session,
    query: str,
    *,
    kinds: Sequence[str] = RECORD_KINDS,
    limit: int = 20,
    offset: int = 0,
    seconds: float = SEARCH_SECONDS,
) -> SearchPage:
    """Current facts whose evidence matches `query`, best first, with the matching passage."""
    query = check_query(query)
    try:
        with time_limit(session, seconds, "search"):
            return _facts(session, query, list(kinds) or list(RECORD_KINDS), limit, offset)
    except QueryTimeout as exc:
        raise SearchError(str(exc)) from exc


def _facts(session: Session, query: str, kinds: list[str], limit: int, offset: int) -> SearchPage:
    if has_han(query):
        return _zh_facts(session, query, kinds, limit, offset)
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        matches = (
            "FROM evidence e JOIN facts f ON f.id = e.fact_id, "
            f"websearch_to_tsquery('{PG_CONFIG}', :q) query "
            f"WHERE {PG_EVIDENCE_VECTOR} @@ query AND f.current AND f.kind IN :kinds"
        )
        score = f"max(ts_rank_cd({PG_EVIDENCE_VECTOR}, query))"
        order = "score DESC"
        params: dict[str, object] = {"q": query}
    else:
        matches = (
            "FROM evidence_fts JOIN evidence e ON e.id = evidence_fts.rowid "
            "JOIN facts f ON f.id = e.fact_id "
            "WHERE evidence_fts MATCH :q AND f.current = 1 AND f.kind IN :kinds"
        )
        score = "min(evidence_fts.rank)"
        order = "score"
        params = {"q": fts5_query(query)}
    params["kinds"] = kinds
    expanding: BindParameter[Any] = bindparam("kinds", expanding=True)
    total = session.execute(
        text(f"SELECT count(DISTINCT f.id) {matches}").bindparams(expanding), params
    ).scalar_one()
    page = session.execute(
        text(
            f"SELECT f.id, f.kind, f.document_id, f.review_status, f.confidence, f.date_start, "
            f"{score} AS score, min(e.id) AS evidence_id {matches} "
            "GROUP BY f.id, f.kind, f.document_id, f.review_status, f.confidence, f.date_start "
            f"ORDER BY {order}, f.id LIMIT :limit OFFSET :offset"
        ).bindparams(expanding),
        {**params, "limit": limit, "offset": offset},
    ).all()
    snippets = _evidence_snippets(session, query, [row.evidence_id for row in page], postgres)
    hits = [
        FactHit(
            fact_id=row.id,
            kind=row.kind,
            document_id=row.document_id,
            review_status=row.review_status,
            confidence=row.confidence,
            date=_day(row.date_start),
            snippet=snippets.get(row.evidence_id, ""),
        )
        for row in page
    ]
    return SearchPage(query, int(total), hits)


def _evidence_snippets(
    session: Session, query: str, evidence_ids: Sequence[int], postgres: bool
) -> dict[int, str]:
    if not evidence_ids:
        return {}
    ids: BindParameter[Any] = bindparam("ids", expanding=True)
    if postgres:
        statement = text(
            f"SELECT e.id, ts_headline('{PG_CONFIG}', e.quote, query, :options) "
            f"FROM evidence e, websearch_to_tsquery('{PG_CONFIG}', :q) query WHERE e.id IN :ids"
        ).bindparams(ids)
        params: dict[str, object] = {"q": query, "options": _headline_options(40)}
    else:
        statement = text(
            "SELECT rowid, snippet(evidence_fts, 0, :a, :b, '…', 40) FROM evidence_fts "
            "WHERE evidence_fts MATCH :q AND rowid IN :ids"
        ).bindparams(ids)
        params = {"q": fts5_query(query), "a": MARK_START, "b": MARK_END}
    rows = session.execute(statement, {**params, "ids": list(evidence_ids)})
    return {int(row[0]): row[1] or "" for row in rows}


# Chinese ----------------------------------------------------------------------------------------

# Characters of a trigram: shorter terms are matched as substrings.
TRIGRAM = 3
SNIPPET_CHARS = 40


def zh_terms(query: str) -> list[str]:
    """The terms of a Chinese query, simplified: words or "phrases", all required; OR and
    prefix stars mean nothing in a substring search and are dropped."""
    terms = []
    for phrase, word in TOKEN.findall(query):
        term = (phrase or word).rstrip("*")
        if term and term != "OR" and WORD.search(term):
            terms.append(to_simplified(term))
    if not terms:
        raise SearchError(f"nothing to search for in {query!r}: type a word")
    return terms


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _zh_conditions(terms: list[str], columns: list[str], params: dict[str, object]) -> list[str]:
    """One condition per term: each term in one of `columns` (substring, LIKE)."""
    conditions = []
    for i, term in enumerate(terms):
        params[f"t{i}"] = _like(term)
        either = " OR ".join(f"{column} LIKE :t{i} ESCAPE '\\'" for column in columns)
        conditions.append(f"({either})")
    return conditions


def _zh_documents(session: Session, query: str, limit: int, offset: int) -> SearchPage:
    terms = zh_terms(query)
    params: dict[str, object] = {"limit": limit, "offset": offset}
    if session.get_bind().dialect.name == "postgresql":
        where = " AND ".join(_zh_conditions(terms, [zh_document_expression("d")], params))
        source = f"FROM documents d WHERE d.language LIKE '{ZH_LANGUAGE}' AND {where}"
        order = "d.published DESC NULLS LAST, d.id"
    else:
        long = [t for t in terms if len(t) >= TRIGRAM]
        short = [t for t in terms if len(t) < TRIGRAM]
        conditions = _zh_conditions(short, ["z.title", "z.text"], params)
        if long:
            params["q"] = " ".join('"' + t.replace('"', '""') + '"' for t in long)
            conditions.insert(0, "documents_zh_fts MATCH :q")
        source = "FROM documents_zh_fts z JOIN documents d ON d.id = z.rowid WHERE " + " AND ".join(
            conditions
        )
        order = "z.rank, d.id" if long else "d.published DESC, d.id"
    total = session.execute(text(f"SELECT count(*) {source}"), params).scalar_one()
    rows = session.execute(
        text(
            f"SELECT d.id, d.title, d.path, d.published, d.text {source} "
            f"ORDER BY {order} LIMIT :limit OFFSET :offset"
        ),
        params,
    ).all()
    hits = [
        DocumentHit(
            int(row[0]),
            row[1],
            str(row[2]),
            _day(row[3]),
            zh_snippet(f"{row[1] or ''} {row[4]}", terms),
        )
        for row in rows
    ]
    return SearchPage(query, int(total), hits)


def _zh_facts(
    session: Session, query: str, kinds: list[str], limit: int, offset: int
) -> SearchPage:
    terms = zh_terms(query)
    params: dict[str, object] = {"kinds": kinds, "limit": limit, "offset": offset}
    if session.get_bind().dialect.name == "postgresql":
        where = " AND ".join(_zh_conditions(terms, [zh_evidence_expression("e")], params))
        source = (
            "FROM evidence e JOIN facts f ON f.id = e.fact_id "
            f"WHERE f.current AND f.kind IN :kinds AND {where}"
        )
    else:
        long = [t for t in terms if len(t) >= TRIGRAM]
        conditions = _zh_conditions([t for t in terms if len(t) < TRIGRAM], ["z.quote"], params)
        if long:
            params["q"] = " ".join('"' + t.replace('"', '""') + '"' for t in long)
            conditions.insert(0, "evidence_zh_fts MATCH :q")
        source = (
            "FROM evidence_zh_fts z JOIN evidence e ON e.id = z.rowid "
            "JOIN facts f ON f.id = e.fact_id "
            "WHERE f.current = 1 AND f.kind IN :kinds AND " + " AND ".join(conditions)
        )
    expanding: BindParameter[Any] = bindparam("kinds", expanding=True)
    total = session.execute(
        text(f"SELECT count(DISTINCT f.id) {source}").bindparams(expanding), params
    ).scalar_one()
    page = session.execute(
        text(
            "SELECT f.id, f.kind, f.document_id, f.review_status, f.confidence, f.date_start, "
            f"min(e.id) AS evidence_id {source} "
            "GROUP BY f.id, f.kind, f.document_id, f.review_status, f.confidence, f.date_start "
            "ORDER BY f.confidence DESC, f.id LIMIT :limit OFFSET :offset"
        ).bindparams(expanding),
        params,
    ).all()
    quotes: dict[int, str] = {}
    if page:
        ids: BindParameter[Any] = bindparam("ids", expanding=True)
        quotes = {
            int(row[0]): row[1]
            for row in session.execute(
                text("SELECT id, quote FROM evidence WHERE id IN :ids").bindparams(ids),
                {"ids": [row.evidence_id for row in page]},
            )
        }
    hits = [
        FactHit(
            fact_id=row.id,
            kind=row.kind,
            document_id=row.document_id,
            review_status=row.review_status,
            confidence=row.confidence,
            date=_day(row.date_start),
            snippet=zh_snippet(quotes.get(row.evidence_id, ""), terms),
        )
        for row in page
    ]
    return SearchPage(query, int(total), hits)


def zh_snippet(original: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """A window of the stored text around the first match, every match marked. Matching is on
    the simplified copy, which has the same length, so the marks fall on the stored characters
    whichever script the document is in."""
    simple = to_simplified(original)
    found = [(i, len(t)) for t in terms for i in _positions(simple, t)]
    if not found:
        return original[: 2 * width]
    first = min(i for i, _ in found)
    start = max(0, first - width)
    end = min(len(original), first + 2 * width)
    marks = sorted((i, i + n) for i, n in found if start <= i and i + n <= end)
    out, cursor = [], start
    for a, b in marks:
        if a < cursor:
            continue
        out += [original[cursor:a], MARK_START, original[a:b], MARK_END]
        cursor = b
    out.append(original[cursor:end])
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(original) else ""
    return prefix + "".join(out) + suffix


def _positions(text_: str, term: str) -> list[int]:
    found, at = [], text_.find(term)
    while at >= 0:
        found.append(at)
        at = text_.find(term, at + len(term))
    return found
