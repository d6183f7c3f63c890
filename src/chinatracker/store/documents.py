"""Reading and writing documents and ingest problems; converts records ↔ rows at the edge."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from chinatracker.records import Document, IngestProblem
from chinatracker.sources.titles import first_sentence
from chinatracker.store.models import DocumentRow, IngestErrorRow
from chinatracker.store.search import index_documents

# SQLite allows 32,766 bound parameters; stay well below for IN (...) lists.
IN_CHUNK = 5000
# Enough of a document's opening to find its first sentence when it has no title.
OPENING_CHARS = 1500


def existing_hashes(session: Session, hashes: Iterable[str]) -> set[str]:
    wanted = list(hashes)
    found: set[str] = set()
    for i in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[i : i + IN_CHUNK]
        found.update(
            session.scalars(
                select(DocumentRow.content_hash).where(DocumentRow.content_hash.in_(chunk))
            )
        )
    return found


def add_documents(session: Session, documents: Sequence[Document]) -> list[int]:
    rows = [
        DocumentRow(**doc.model_dump(exclude={"id"}), word_count=len(doc.text.split()))
        for doc in documents
    ]
    session.add_all(rows)
    session.flush()
    ids = [row.id for row in rows]
    index_documents(session, ids)
    return ids


def story_signatures(session: Session) -> Iterator[tuple[int, bytes, int]]:
    """(id, MinHash signature, story id) of every document grouped into stories, in id order."""
    query = (
        select(DocumentRow.id, DocumentRow.minhash, DocumentRow.story_id)
        .where(DocumentRow.minhash.is_not(None))
        .order_by(DocumentRow.id)
    )
    for row in session.execute(query):
        yield row.id, row.minhash, row.story_id if row.story_id is not None else row.id


def set_stories(session: Session, stories: Mapping[int, tuple[int, bytes]]) -> None:
    """Store each document's story id and signature: {document id: (story id, signature)}."""
    for document_id, (story_id, signature) in stories.items():
        session.execute(
            update(DocumentRow)
            .where(DocumentRow.id == document_id)
            .values(story_id=story_id, minhash=signature)
        )


def ungrouped_documents(session: Session) -> Iterator[tuple[int, str]]:
    """(id, clean text) of the documents no story index has seen yet, in id order."""
    after = 0
    while True:
        page = session.execute(
            select(DocumentRow.id, DocumentRow.text)
            .where(DocumentRow.minhash.is_(None), DocumentRow.id > after)
            .order_by(DocumentRow.id)
            .limit(500)
        ).all()
        if not page:
            return
        yield from ((row.id, row.text) for row in page)
        after = page[-1].id


def story_members(session: Session, ids: Iterable[int]) -> dict[int, int]:
    """{document id: story id} for the given documents (its own id when it has no story)."""
    wanted = sorted(set(ids))
    found: dict[int, int] = {}
    for i in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[i : i + IN_CHUNK]
        for row in session.execute(
            select(DocumentRow.id, DocumentRow.story_id).where(DocumentRow.id.in_(chunk))
        ):
            found[row.id] = row.story_id if row.story_id is not None else row.id
    return found


def retitle_documents(
    session: Session, decide: Callable[[str | None, str], str | None]
) -> tuple[int, int, int]:
    """Set every document's title to `decide(title, text as read)`; (documents, changed,
    left untitled)."""
    seen = changed = untitled = 0
    after = 0
    while True:
        page = session.execute(
            select(DocumentRow.id, DocumentRow.title, DocumentRow.text, DocumentRow.raw_text)
            .where(DocumentRow.id > after)
            .order_by(DocumentRow.id)
            .limit(500)
        ).all()
        if not page:
            return seen, changed, untitled
        for row in page:
            title = decide(row.title, row.raw_text if row.raw_text is not None else row.text)
            seen += 1
            untitled += title is None
            if title != row.title:
                changed += 1
                session.execute(
                    update(DocumentRow).where(DocumentRow.id == row.id).values(title=title)
                )
        after = page[-1].id


def record_problems(session: Session, problems: Iterable[IngestProblem]) -> None:
    session.add_all(IngestErrorRow(**problem.model_dump()) for problem in problems)


def to_document(row: DocumentRow) -> Document:
    return Document(
        id=row.id,
        path=row.path,
        locator=row.locator,
        format=row.format,
        url=row.url,
        title=row.title,
        author=row.author,
        publisher=row.publisher,
        published=row.published,
        published_from=row.published_from,
        language=row.language,
        text=row.text,
        raw_text=row.raw_text,
        content_hash=row.content_hash,
        raw_hash=row.raw_hash,
    )


def get_document(session: Session, document_id: int) -> Document | None:
    row = session.get(DocumentRow, document_id)
    return to_document(row) if row is not None else None


@dataclass(frozen=True)
class DocumentSummary:
    id: int
    published: str | None
    format: str
    title: str | None
    path: str
    locator: str | None
    words: int
    # The body's first sentence, shown where there is no title.
    first_sentence: str | None = None


def list_documents(
    session: Session, *, limit: int = 50, offset: int = 0, search: str | None = None
) -> list[DocumentSummary]:
    query = select(
        DocumentRow.id,
        DocumentRow.published,
        DocumentRow.format,
        DocumentRow.title,
        DocumentRow.path,
        DocumentRow.locator,
        DocumentRow.word_count,
        func.substr(DocumentRow.text, 1, OPENING_CHARS).label("opening"),
    ).order_by(DocumentRow.published.is_(None), DocumentRow.published, DocumentRow.id)
    if search:
        pattern = f"%{search}%"
        query = query.where(DocumentRow.title.ilike(pattern) | DocumentRow.path.ilike(pattern))
    return [
        DocumentSummary(
            id=r.id,
            published=r.published.isoformat() if r.published else None,
            format=r.format,
            title=r.title,
            path=r.path,
            locator=r.locator,
            words=r.word_count,
            first_sentence=None if r.title else first_sentence(r.opening) or None,
        )
        for r in session.execute(query.limit(limit).offset(offset))
    ]


def list_problems(session: Session, *, limit: int = 50) -> list[IngestProblem]:
    rows = session.scalars(select(IngestErrorRow).order_by(IngestErrorRow.id.desc()).limit(limit))
    return [
        IngestProblem(
            source=r.source,
            locator=r.locator,
            kind=r.kind,
            reason=r.reason,
            severity=r.severity,
        )
        for r in rows
    ]


def document_counts(session: Session) -> dict[str, object]:
    """Counts for `chinatracker stats`: documents by format, year and language, words, problems."""
    total, words = session.execute(
        select(func.count(), func.coalesce(func.sum(DocumentRow.word_count), 0))
    ).one()
    by_format = dict(
        session.execute(select(DocumentRow.format, func.count()).group_by(DocumentRow.format)).all()
    )
    year = func.extract("year", DocumentRow.published)
    by_year = dict(session.execute(select(year, func.count()).group_by(year)).all())
    problems = dict(
        session.execute(
            select(IngestErrorRow.kind, func.count())
            .where(IngestErrorRow.severity == "error")
            .group_by(IngestErrorRow.kind)
        ).all()
    )
    warnings = session.scalar(select(func.count()).where(IngestErrorRow.severity == "warning"))
    return {
        "documents": total,
        "words": int(words),
        "by_format": by_format,
        "by_year": {str(k) if k else "unknown": v for k, v in by_year.items()},
        "problems": problems,
        "warnings": warnings or 0,
    }
