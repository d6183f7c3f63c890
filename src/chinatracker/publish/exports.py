"""Facts as export records (see `contract.py`), streamed page by page from the store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from chinatracker.links import web_url
from chinatracker.publish.contract import (
    ActorOut,
    AidOut,
    Contract,
    DateOut,
    DocumentRef,
    DonorOut,
    EntityOut,
    EventOut,
    EvidenceOut,
    ItemOut,
    QuantityOut,
    RecipientOut,
    ValueOut,
)
from chinatracker.records import DateSpan, Evidence
from chinatracker.store.facts import facts_of_kind, to_aid, to_event, to_mention
from chinatracker.store.models import DocumentRow, FactRow

PAGE = 1000
KINDS = {"aid": "aid", "events": "event", "entities": "entity"}
Out = TypeVar("Out", bound=Contract)


def _date(span: DateSpan | None) -> DateOut | None:
    return DateOut(start=span.start, end=span.end, precision=span.precision) if span else None


def _evidence(evidence: tuple[Evidence, ...], document_id: int) -> list[EvidenceOut]:
    return [
        EvidenceOut(
            document_id=e.document_id or document_id, start=e.start, end=e.end, quote=e.quote
        )
        for e in evidence
    ]


class DocumentRefs:
    """Document references, loaded once per document while a page of facts is exported."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[int, DocumentRef] = {}

    def load(self, ids: set[int]) -> None:
        missing = ids - self.cache.keys()
        if not missing:
            return
        rows = self.session.execute(
            select(
                DocumentRow.id,
                DocumentRow.path,
                DocumentRow.title,
                DocumentRow.published,
                DocumentRow.url,
            ).where(DocumentRow.id.in_(missing))
        )
        for row in rows:
            self.cache[row.id] = DocumentRef(
                id=row.id,
                path=row.path,
                title=row.title,
                published=row.published,
                url=web_url(row.url),
            )

    def __getitem__(self, document_id: int) -> DocumentRef:
        return self.cache[document_id]


def aid_out(fact: FactRow, document: DocumentRef) -> AidOut:
    aid = to_aid(fact)
    return AidOut(
        id=fact.id,
        document=document,
        donor=DonorOut(name=aid.donor.name, country=aid.donor.country, channel=aid.donor.channel),
        recipients=[
            RecipientOut(
                country=r.country, region=r.region, name=r.name, institution_type=r.institution_type
            )
            for r in aid.recipients
        ],
        items=[
            ItemOut(item=i.item, quantity=i.quantity, unit=i.unit, text=i.text) for i in aid.items
        ],
        value=ValueOut(amount=aid.value.amount, currency=aid.value.currency) if aid.value else None,
        date=_date(aid.date),
        mode=aid.mode,
        status=aid.status,
        reported=document.published,
        evidence=_evidence(aid.evidence, document.id),
        confidence=aid.confidence,
    )


def event_out(fact: FactRow, document: DocumentRef) -> EventOut:
    event = to_event(fact)
    return EventOut(
        id=fact.id,
        category=event.category,
        title=event.title,
        summary=event.summary,
        date=_date(event.date),
        countries=list(event.countries),
        actors=[ActorOut(name=a.name, country=a.country, type=a.type) for a in event.actors],
        quantities=[QuantityOut(value=q.value, unit=q.unit, text=q.text) for q in event.quantities],
        document=document,
        evidence=_evidence(event.evidence, document.id),
        confidence=event.confidence,
    )


def entity_out(fact: FactRow, document: DocumentRef) -> EntityOut:
    mention = to_mention(fact)
    return EntityOut(
        id=fact.id,
        document=document,
        text=mention.text,
        type=mention.type,
        canonical=mention.canonical,
        country=mention.country,
        country_role=mention.country_role,
        evidence=[
            EvidenceOut(
                document_id=document.id, start=mention.start, end=mention.end, quote=mention.text
            )
        ],
    )


BUILDERS = {"aid": aid_out, "event": event_out, "entity": entity_out}


def export_records(
    session: Session, what: str, *, include_rejected: bool = False
) -> Iterator[Contract]:
    """Every current fact of one kind (`aid`, `events`, `entities`) as contract records."""
    kind = KINDS[what]
    build = BUILDERS[kind]
    documents = DocumentRefs(session)
    after = 0
    while True:
        page = facts_of_kind(session, kind, after_id=after, limit=PAGE)
        if not page:
            return
        documents.load({fact.document_id for fact in page})
        for fact in page:
            if include_rejected or fact.review_status != "rejected":
                yield build(fact, documents[fact.document_id])
        after = page[-1].id
        session.expunge_all()
