"""Accept, correct or reject a fact: one transaction each, one audit row each.

A correction names the fields it changes by path, the way the fact's record is shaped:
`{"items.0.quantity": 120000, "donor.channel": "military", "recipients.1.country": "SRB"}`;
an index one past the end of a list adds an element, `{"items.2": None}` removes one (indices
always mean the positions before the correction), and a whole list may be given to replace it
(`{"countries": ["IND", "CHN"]}`). The new values are validated through the record model
(so a channel or an item must be one the codebook knows) and the reference data (countries,
event categories), written to the fact's typed rows, and the fact becomes `corrected`. The
audit row keeps, for every value that changed, what it was and what it is now.

Canonical records need no call here: resolve's fingerprint covers facts' review state and the
audit log, so the next analysis (or the web app) re-resolves them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from chinatracker.records import AidDelivery, Claim, Event, Mention, Quantity, Quote
from chinatracker.reference.countries import country_index
from chinatracker.reference.taxonomy import taxonomy
from chinatracker.review.errors import NotFound, ReviewError, StaleEdit
from chinatracker.review.examples import example_rows
from chinatracker.review.facts import (
    RECORD_TYPES,
    FactRecord,
    FactView,
    editable_fields,
    load_fact_row,
    record_of,
    to_view,
    version_of,
)
from chinatracker.review.roles import Actor, Permission, require
from chinatracker.store.database import Store
from chinatracker.store.models import (
    AidItemRow,
    AidRecipientRow,
    AuditRow,
    EventActorRow,
    EventCountryRow,
    EventQuantityRow,
    FactRow,
    utcnow,
)

MAX_REASON = 2000


@dataclass(frozen=True)
class Decision:
    """What a review action did: the fact as it now stands and the audit row written."""

    fact: FactView
    audit_id: int
    before: dict[str, Any]
    after: dict[str, Any]


def accept_fact(store: Store, actor: Actor, fact_id: int, *, reason: str = "") -> Decision:
    """The fact is right as it stands."""
    return _set_status(store, actor, fact_id, "accepted", "accept", reason)


def reject_fact(store: Store, actor: Actor, fact_id: int, *, reason: str) -> Decision:
    """The fact is wrong (not aid, not about China, a misreading): resolve leaves it out."""
    if not reason.strip():
        raise ReviewError("say why the fact is rejected: the reason is kept in the audit log")
    return _set_status(store, actor, fact_id, "rejected", "reject", reason)


def _set_status(
    store: Store, actor: Actor, fact_id: int, status: str, action: str, reason: str
) -> Decision:
    require(actor, Permission.review)
    with store.transaction() as session:
        fact = load_fact_row(session, fact_id, for_update=True)
        before = {"review_status": fact.review_status}
        fact.review_status = status
        fact.updated_at = utcnow()
        after = {"review_status": status}
        audit = _audit(actor, action, fact_id, before, after, reason)
        session.add(audit)
        session.add_all(example_rows(fact, action, actor.name))
        session.flush()
        return Decision(to_view(fact), audit.id, before, after)


def correct_fact(
    store: Store,
    actor: Actor,
    fact_id: int,
    changes: Mapping[str, Any],
    *,
    reason: str = "",
    expected_version: str | None = None,
) -> Decision:
    """Change any field of a fact (see the module docstring); the fact becomes `corrected`.

    `expected_version` is the `FactView.version` the analyst saw: if the fact changed since,
    StaleEdit is raised instead of silently overwriting the other change.
    """
    require(actor, Permission.review)
    if not changes:
        raise ReviewError("no field to correct was given")
    with store.transaction() as session:
        fact = load_fact_row(session, fact_id, for_update=True)
        if expected_version is not None and expected_version != version_of(fact.updated_at):
            raise StaleEdit(
                f"fact {fact_id} was changed by someone else after you opened it; "
                "reload it and make your correction again"
            )
        record = record_of(fact)
        current = editable_fields(record)
        wanted = copy.deepcopy(current)
        for path, value in changes.items():
            _set_path(wanted, path, _clean(value))
        _drop_removed(wanted)
        corrected = _validate(record, wanted)
        before_flat, after_flat = flatten(current), flatten(editable_fields(corrected))
        changed = sorted(
            k
            for k in before_flat.keys() | after_flat.keys()
            if before_flat.get(k) != after_flat.get(k)
        )
        if not changed:
            raise ReviewError("nothing changed: every value is what the fact already says")
        before = {k: before_flat.get(k) for k in changed}
        after = {k: after_flat.get(k) for k in changed}
        before["review_status"], after["review_status"] = fact.review_status, "corrected"
        _write(fact, corrected)
        fact.review_status = "corrected"
        fact.updated_at = utcnow()
        audit = _audit(actor, "correct", fact_id, before, after, reason)
        session.add(audit)
        session.flush()
        session.expire(fact)
        fact = load_fact_row(session, fact_id)
        session.add_all(example_rows(fact, "correct", actor.name))
        session.flush()
        return Decision(to_view(fact), audit.id, before, after)


def _audit(
    actor: Actor,
    action: str,
    fact_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str,
) -> AuditRow:
    return AuditRow(
        actor=actor.name,
        action=action,
        fact_id=fact_id,
        before=before,
        after=after,
        reason=reason.strip()[:MAX_REASON] or None,
    )


# Paths and values ----------------------------------------------------------------------------

PATH_PART = re.compile(r"^[a-z_]+$|^\d+$")


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    if not path or not all(PATH_PART.match(p) for p in parts):
        raise ReviewError(f"{path!r} is not a field path (like items.0.quantity)")
    if parts[0] not in data:
        fields = ", ".join(sorted(data))
        raise ReviewError(f"this fact has no field {parts[0]!r}; its fields are {fields}")
    node: Any = data
    for i, part in enumerate(parts[:-1]):
        node = _step(node, part, parts[i + 1], path)
    last = parts[-1]
    if isinstance(node, list):
        index = int(last) if last.isdigit() else -1
        if not 0 <= index <= len(node):
            raise ReviewError(f"{path}: no element {last} in a list of {len(node)}")
        if index == len(node):
            node.append(value)
        elif value is None and len(parts) == 2:
            node[index] = REMOVED  # `{"items.2": None}`: remove the element
        else:
            node[index] = value
    elif isinstance(node, dict):
        node[last] = value
    else:
        raise ReviewError(f"{path}: {'.'.join(parts[:-1])} has no fields")


class _Removed:
    """Stands in a list for an element a correction removes, until the lists are compacted."""


REMOVED = _Removed()


def _drop_removed(data: dict[str, Any]) -> None:
    for key, value in data.items():
        if isinstance(value, list):
            data[key] = [v for v in value if v is not REMOVED]


def _step(node: Any, part: str, following: str, path: str) -> Any:
    """One step down a path, creating a missing date, list element or object on the way."""
    fresh: Any = [] if following.isdigit() else {}
    if isinstance(node, dict):
        if node.get(part) is None:
            node[part] = fresh
        return node[part]
    if isinstance(node, list) and part.isdigit():
        index = int(part)
        if index == len(node):
            node.append(fresh)
        if index < len(node):
            return node[index]
        raise ReviewError(f"{path}: no element {index} in a list of {len(node)}")
    raise ReviewError(f"{path}: cannot follow {part!r}")


def _clean(value: Any) -> Any:
    """Trim text; an empty text means "no value"."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """{"items": [{"quantity": 5}]} → {"items.0.quantity": 5}.

    A list of plain values (countries) stays one value, so the log reads "countries: [CHN,
    CZE] → [IND, CHN]" rather than a change at every position.
    """
    if isinstance(data, dict) and data:
        found: dict[str, Any] = {}
        for key, value in data.items():
            found.update(flatten(value, f"{prefix}{key}."))
        return found
    if isinstance(data, list) and any(isinstance(v, dict | list) for v in data):
        found = {}
        for index, value in enumerate(data):
            found.update(flatten(value, f"{prefix}{index}."))
        return found
    return {prefix.rstrip("."): data}


# Validation ----------------------------------------------------------------------------------


def _validate(record: FactRecord, wanted: dict[str, Any]) -> FactRecord:
    """The corrected record, checked by its model and against the reference data."""
    kind = type(record)
    fixed = {k: getattr(record, k) for k in type(record).model_fields if k not in wanted}
    _normalise(wanted)
    try:
        corrected = kind.model_validate({**wanted, **fixed})
    except ValidationError as exc:
        raise ReviewError(_explain(exc)) from None
    _check_reference(corrected)
    return corrected


def _normalise(data: dict[str, Any]) -> None:
    """Codes in upper case, and a country given by name turned into its code."""
    for recipient in data.get("recipients") or []:
        if isinstance(recipient, dict):
            recipient["country"] = _country(recipient.get("country"), "recipient country")
            if recipient.get("institution_type") is None:
                recipient["institution_type"] = "unknown"
    donor = data.get("donor")
    if isinstance(donor, dict):
        donor["country"] = _country(donor.get("country"), "donor country")
    for actor in data.get("actors") or []:
        if isinstance(actor, dict):
            actor["country"] = _country(actor.get("country"), "actor country")
    if isinstance(data.get("countries"), list):
        data["countries"] = [_country(c, "country") for c in data["countries"] if c]
    if "country" in data:
        data["country"] = _country(data.get("country"), "country")
    value = data.get("value")
    if isinstance(value, dict):
        if value.get("amount") is None and value.get("currency") is None:
            data["value"] = None
        elif isinstance(value.get("currency"), str):
            value["currency"] = value["currency"].upper()
    date = data.get("date")
    if isinstance(date, dict) and date.get("start") is None:
        data["date"] = None
    for item in data.get("items") or []:
        if isinstance(item, dict) and item.get("text") is None:
            item["text"] = ""
    if isinstance(data.get("currency"), str):
        data["currency"] = data["currency"].upper()


def _country(value: Any, what: str) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    index = country_index()
    found = index.country(text.upper()) if len(text) in (2, 3) else None
    found = found or index.lookup_country(text, allow_ambiguous=False)
    if found is None:
        raise ReviewError(f"{what} {text!r} is not a country: give an ISO code or a name")
    return found.iso3


def _check_reference(record: FactRecord) -> None:
    if isinstance(record, Event) and not taxonomy().is_code(record.category):
        raise ReviewError(f"{record.category!r} is not a category of the tracker taxonomy")
    if isinstance(record, AidDelivery):
        for i, item in enumerate(record.items):
            if item.quantity is not None and item.quantity < 0:
                raise ReviewError(f"items.{i}.quantity: a quantity cannot be negative")
        if record.value is not None and record.value.amount < 0:
            raise ReviewError("value.amount: a value cannot be negative")
    date = getattr(record, "date", None)
    if date is not None and date.end is not None and date.end < date.start:
        raise ReviewError("date.end: the end of a date range cannot be before its start")


def _explain(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error["loc"]) or "value"
        problems.append(f"{where}: {error['msg']}")
    return "; ".join(problems)


# Writing the corrected record back to the fact's rows -----------------------------------------


def _write(fact: FactRow, record: FactRecord) -> None:
    writer = WRITERS.get(type(record))
    if writer is None:
        raise NotFound(f"facts of kind {fact.kind} cannot be corrected")
    writer(fact, record)


def _dates(fact: FactRow, record: AidDelivery | Event) -> None:
    fact.date_start = record.date.start if record.date else None
    fact.date_end = record.date.end if record.date else None
    fact.date_precision = record.date.precision if record.date else None


def _resize(rows: list[Any], size: int, new: Any) -> None:
    """Keep the first `size` rows (updated in place by the caller), adding or dropping rows."""
    del rows[size:]
    while len(rows) < size:
        rows.append(new())


def _write_aid(fact: FactRow, record: FactRecord) -> None:
    assert isinstance(record, AidDelivery) and fact.aid is not None
    aid = fact.aid
    aid.donor_name, aid.donor_country = record.donor.name, record.donor.country
    aid.donor_channel, aid.mode, aid.status = record.donor.channel, record.mode, record.status
    aid.value_amount = record.value.amount if record.value else None
    aid.value_currency = record.value.currency if record.value else None
    _dates(fact, record)
    _resize(fact.recipients, len(record.recipients), AidRecipientRow)
    for position, (row, recipient) in enumerate(
        zip(fact.recipients, record.recipients, strict=True)
    ):
        row.position, row.country, row.region = position, recipient.country, recipient.region
        row.name, row.institution_type = recipient.name, recipient.institution_type
    _resize(fact.items, len(record.items), AidItemRow)
    for position, (item_row, item) in enumerate(zip(fact.items, record.items, strict=True)):
        item_row.position, item_row.item, item_row.quantity = position, item.item, item.quantity
        item_row.unit, item_row.text = item.unit, item.text


def _write_event(fact: FactRow, record: FactRecord) -> None:
    assert isinstance(record, Event) and fact.event is not None
    fact.event.category, fact.event.title = record.category, record.title
    fact.event.summary = record.summary
    _dates(fact, record)
    wanted = list(dict.fromkeys(record.countries))
    # Countries are keyed by (fact, country): keep the rows that stay, so no key is reused.
    fact.event_countries[:] = [row for row in fact.event_countries if row.country in wanted]
    have = {row.country for row in fact.event_countries}
    fact.event_countries += [EventCountryRow(country=c) for c in wanted if c not in have]
    _resize(fact.event_actors, len(record.actors), EventActorRow)
    for row, actor in zip(fact.event_actors, record.actors, strict=True):
        row.name, row.country, row.type = actor.name, actor.country, actor.type
    _resize(fact.event_quantities, len(record.quantities), EventQuantityRow)
    for quantity_row, quantity in zip(fact.event_quantities, record.quantities, strict=True):
        quantity_row.value, quantity_row.unit = quantity.value, quantity.unit
        quantity_row.text = quantity.text


def _write_quote(fact: FactRow, record: FactRecord) -> None:
    assert isinstance(record, Quote) and fact.quote is not None
    fact.quote.speaker, fact.quote.speaker_role = record.speaker, record.speaker_role
    fact.quote.text = record.text


def _write_claim(fact: FactRow, record: FactRecord) -> None:
    assert isinstance(record, Claim) and fact.claim is not None
    fact.claim.kind, fact.claim.text = record.kind, record.text
    fact.claim.countries = list(record.countries)


def _write_entity(fact: FactRow, record: FactRecord) -> None:
    assert isinstance(record, Mention) and fact.entity is not None
    entity = fact.entity
    entity.text, entity.type, entity.canonical = record.text, record.type, record.canonical
    entity.country, entity.actor_id, entity.role = record.country, record.actor_id, record.role


def _write_quantity(fact: FactRow, record: FactRecord) -> None:
    assert isinstance(record, Quantity) and fact.quantity is not None
    quantity = fact.quantity
    quantity.value, quantity.unit = record.value, record.unit
    quantity.currency, quantity.text = record.currency, record.text


WRITERS = {
    AidDelivery: _write_aid,
    Event: _write_event,
    Quote: _write_quote,
    Claim: _write_claim,
    Mention: _write_entity,
    Quantity: _write_quantity,
}
assert set(WRITERS) == set(RECORD_TYPES.values())
