"""Run an ingest batch: read every input, deduplicate, and store documents and problems.

Documents are written in transactions of `ingest_batch_size`, so memory stays flat whatever the
corpus size and a crash loses at most the batch in flight, never what was already stored. A bad
input is recorded in `ingest_errors` with a one-line reason and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from chinatracker.config import Settings
from chinatracker.errors import InputError
from chinatracker.links import is_web_url
from chinatracker.records import Document, IngestProblem
from chinatracker.sources import feeds, html, jsonl, markdown, pdf, text  # noqa: F401  (registers readers)
from chinatracker.sources.base import Draft, RawInput, reader_for
from chinatracker.sources.cleaning import clean_text, unescape_title
from chinatracker.sources.dates import date_from_filename
from chinatracker.sources.discover import discover, walk_folder
from chinatracker.sources.fingerprint import content_hash, raw_hash
from chinatracker.sources.language import detect_language, with_script
from chinatracker.sources.stories import StoryIndex, from_bytes, signature, to_bytes
from chinatracker.sources.titles import headline_of, is_furniture_title
from chinatracker.store import documents as stored
from chinatracker.store.database import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Problems kept in memory for the end-of-run report; all of them are in `ingest_errors`.
MAX_PROBLEMS_SHOWN = 1000


@dataclass
class IngestSummary:
    added: int = 0
    duplicates: int = 0
    # Stored documents that are near-duplicate copies of a story already stored.
    copies: int = 0
    untitled: int = 0
    failed: int = 0
    warnings: int = 0
    inputs: int = 0
    added_ids: list[int] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)


def finish_draft(draft: Draft, raw: RawInput) -> Document:
    """Clean, title, hash, date and language a draft: the metadata date, else the file name's,
    else unknown.

    `text` is the clean view (`cleaning.py`) that extraction reads and evidence points into;
    `raw_text` keeps the text as read when cleaning changed it. The hash is of the text as read,
    so a store ingested before cleaning still recognises its documents.
    """
    clean = clean_text(draft.text)
    given = unescape_title(draft.title)
    if given is not None and is_furniture_title(given):
        given = None
    published, published_from = draft.published, "metadata"
    named = date_from_filename(raw.name) if draft.locator is None else None
    if named is not None and (published is None or draft.published_is_stamp):
        published, published_from = named, "filename"
    if published is None:
        published_from = "unknown"
    return Document(
        path=raw.source,
        locator=draft.locator,
        format=draft.format,
        url=draft.url or (raw.source if is_web_url(raw.source) else None),
        title=given or headline_of(clean.text),
        author=draft.author,
        publisher=draft.publisher,
        published=published,
        published_from=published_from,
        language=_language(draft),
        text=clean.text,
        raw_text=draft.text if clean.changed else None,
        content_hash=content_hash(draft.text),
        raw_hash=raw_hash(draft.raw),
    )


def _language(draft: Draft) -> str | None:
    """The metadata's language, else the detected one; Chinese either way gets its script."""
    if draft.language:
        return with_script(draft.language, draft.text)
    return detect_language(draft.text)


def _drop_unsafe_url(draft: Draft) -> InputError | None:
    """Keep only an http(s) `url`: any other scheme (`javascript:`, `data:`, `file:`) would
    become a live link in reports and pages, so it is dropped with a warning and the document
    kept."""
    if draft.url is None:
        return None
    url = draft.url.strip()
    if is_web_url(url):
        draft.url = url
        return None
    draft.url = None
    shown = url[:80] + ("…" if len(url) > 80 else "")
    return InputError(
        "url", f"url {shown!r} dropped: only http(s) addresses are kept", draft.locator
    )


WARNING_KINDS = ("date", "front_matter", "url")


def _problem(source: str, error: InputError) -> IngestProblem:
    severity = "warning" if error.kind in WARNING_KINDS else "error"
    return IngestProblem(
        source=source,
        locator=error.locator,
        kind=error.kind,
        reason=error.reason,
        severity=severity,
    )


def read_input(raw: RawInput, settings: Settings) -> Iterator[Document | IngestProblem]:
    """Every document (and every problem) one input yields; never raises for bad content."""
    try:
        reader = reader_for(raw)
        for result in reader.read(raw, settings.max_file_bytes):
            if isinstance(result, InputError):
                yield _problem(raw.source, result)
                continue
            for warning in result.warnings:
                yield _problem(raw.source, InputError(warning.kind, warning.reason, result.locator))
            url_problem = _drop_unsafe_url(result)
            if url_problem is not None:
                yield _problem(raw.source, url_problem)
            if len(result.text.strip()) < settings.min_text_chars:
                yield _problem(
                    raw.source,
                    InputError(
                        "empty",
                        f"fewer than {settings.min_text_chars} characters of text",
                        result.locator,
                    ),
                )
                continue
            yield finish_draft(result, raw)
    except InputError as exc:
        yield _problem(raw.source, exc)
    except OSError as exc:
        yield _problem(raw.source, InputError("io", f"cannot read {exc.filename}: {exc.strerror}"))


class _Batch:
    """Documents and problems waiting for the next transaction."""

    def __init__(self, store: Store, summary: IngestSummary) -> None:
        self.store = store
        self.summary = summary
        self.documents: dict[str, Document] = {}
        self.problems: list[IngestProblem] = []
        self.stories: StoryIndex | None = None

    def __len__(self) -> int:
        return len(self.documents) + len(self.problems)

    def add(self, item: Document | IngestProblem) -> None:
        if isinstance(item, IngestProblem):
            self.problems.append(item)
            if len(self.summary.problems) < MAX_PROBLEMS_SHOWN:
                self.summary.problems.append(item)
            if item.severity == "error":
                self.summary.failed += 1
            else:
                self.summary.warnings += 1
        elif item.content_hash in self.documents:
            self.summary.duplicates += 1
        else:
            self.documents[item.content_hash] = item

    def flush(self) -> None:
        if not len(self):
            return
        with self.store.transaction() as session:
            known = stored.existing_hashes(session, self.documents)
            fresh = [d for h, d in self.documents.items() if h not in known]
            ids = stored.add_documents(session, fresh)
            self.summary.added_ids.extend(ids)
            self._file_stories(session, ids, fresh)
            stored.record_problems(session, self.problems)
        self.summary.added += len(fresh)
        self.summary.untitled += sum(1 for d in fresh if not d.title)
        self.summary.duplicates += len(self.documents) - len(fresh)
        self.documents.clear()
        self.problems.clear()

    def _file_stories(self, session: Session, ids: list[int], fresh: list[Document]) -> None:
        """Group the new documents with the stored ones into near-duplicate stories."""
        if self.stories is None:
            self.stories = load_story_index(session)
        assigned = {}
        for document_id, document in zip(ids, fresh, strict=True):
            minhash = signature(document.text)
            story_id = self.stories.assign(document_id, minhash)
            assigned[document_id] = (story_id, to_bytes(minhash))
            if story_id != document_id:
                self.summary.copies += 1
        stored.set_stories(session, assigned)


def load_story_index(session: Session) -> StoryIndex:
    """The story index of every document already grouped in the store."""
    index = StoryIndex()
    for document_id, data, story_id in stored.story_signatures(session):
        index.add(document_id, from_bytes(data), story_id)
    return index


def regroup_stories(store: Store) -> tuple[int, int]:
    """Group documents stored before stories existed; (documents grouped, copies found)."""
    grouped = copies = 0
    with store.transaction() as session:
        index = load_story_index(session)
        assigned = {}
        for document_id, text in stored.ungrouped_documents(session):
            minhash = signature(text)
            story_id = index.assign(document_id, minhash)
            assigned[document_id] = (story_id, to_bytes(minhash))
            grouped += 1
            copies += story_id != document_id
        stored.set_stories(session, assigned)
    return grouped, copies


def ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    on_input: Callable[[str], None] | None = None,
) -> IngestSummary:
    """Ingest files, folders and URLs into the store; see the module docstring for guarantees."""
    summary = IngestSummary()
    batch = _Batch(store, summary)
    for found in discover(
        inputs, max_bytes=settings.max_file_bytes, timeout=settings.fetch_timeout
    ):
        summary.inputs += 1
        if isinstance(found, tuple):
            source, error = found
            batch.add(_problem(source, error))
        else:
            for item in read_input(found, settings):
                batch.add(item)
                if len(batch) >= settings.ingest_batch_size:
                    batch.flush()
        if on_input is not None:
            on_input(found[0] if isinstance(found, tuple) else found.source)
    batch.flush()
    return summary


def count_inputs(inputs: Iterable[str]) -> int:
    """How many files (and URLs) an ingest will visit, for the progress bar."""
    total = 0
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            total += sum(1 for _ in walk_folder(path))
        else:
            total += 1
    return total
