"""`chinatracker resolve`: merge facts into canonical records; show them; record link decisions."""

from __future__ import annotations

import enum
import json
from typing import Annotated

import typer
from rich.table import Table

from chinatracker.cli.app import app, context
from chinatracker.errors import TrackerError
from chinatracker.resolve.dates import span_text
from chinatracker.resolve.records import CanonicalAid, CanonicalEvent, LinkConstraint, MergePolicy
from chinatracker.resolve.runner import ResolveSummary, ensure_resolved, run_resolve
from chinatracker.store import canonical as stored

resolve_app = typer.Typer(
    help="Merge reports of the same delivery or event into canonical records. With no command:\n"
    "rebuild them all from current facts and link constraints (docs/resolve.md).",
)
app.add_typer(resolve_app, name="resolve")


class ListFormat(enum.StrEnum):
    table = "table"
    json = "json"


def summary_line(summary: ResolveSummary) -> str:
    stale = f", {len(summary.stale_constraints)} of them stale" if summary.stale_constraints else ""
    return (
        f"resolve: {counted(summary.aid_facts, 'aid fact')} became "
        f"{counted(summary.aid_records, 'aid record')}, one per recipient "
        f"({summary.merged_aid} merged from several facts); "
        f"{counted(summary.event_facts, 'event fact')} became "
        f"{counted(summary.event_records, 'event record')} ({summary.merged_events} merged); "
        f"{counted(summary.conflicts, 'record')} with conflicting values; "
        f"{counted(summary.constraints, 'link constraint')}{stale}"
    )


def counted(n: int, noun: str) -> str:
    """ "1 aid fact", "25 aid facts": a count as a person writes it."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


@resolve_app.callback(invoke_without_command=True)
def resolve_command(
    ctx: typer.Context,
    window_days: Annotated[
        int, typer.Option(help="Most days between the dates of two reports of one delivery.")
    ] = MergePolicy.window_days,
) -> None:
    """Rebuild every canonical record from current facts and analysts' link constraints.

    Deterministic and safe to re-run: the same facts give the same records and ids.
    """
    if ctx.invoked_subcommand is not None:
        return
    if window_days < 0:
        raise typer.BadParameter("must be 0 or more", param_hint="--window-days")
    app_ctx = context(ctx)
    summary = run_resolve(app_ctx.store, MergePolicy(window_days=window_days))
    app_ctx.out.print(summary_line(summary), highlight=False, soft_wrap=True)
    if summary.stale_constraints:
        ids = ", ".join(map(str, summary.stale_constraints))
        app_ctx.err.print(
            f"constraints {ids} name facts that no longer exist (re-extracted?); they were ignored",
            style="yellow",
            highlight=False,
        )


def _show_aid(record: CanonicalAid, quotes: dict[int, list[str]]) -> list[str]:
    lines = [
        f"canonical aid {record.id}",
        f"donor: {record.donor_channel} ({', '.join(record.donor_names)})",
        f"recipient: {record.recipient_label}"
        + (f" [{record.recipient_country}]" if record.recipient_country else "")
        + f", {record.institution_type}"
        + (f" ({'; '.join(record.recipient_names)})" if record.recipient_names else ""),
        f"what: {record.mode}, {record.status}; items: {', '.join(record.items) or '-'}",
    ]
    if record.quantities:
        lines.append(
            "quantities: " + ", ".join(f"{k} {v:,.0f}" for k, v in record.quantities.items())
        )
    if record.value_amount is not None:
        lines.append(f"value: {record.value_amount:,.0f} {record.value_currency}")
    lines += _common(record, quotes)
    return lines


def _show_event(record: CanonicalEvent, quotes: dict[int, list[str]]) -> list[str]:
    lines = [
        f"canonical event {record.id}",
        f"category: {record.category}",
        f"title: {record.title}",
        f"countries: {', '.join(record.countries) or '-'}",
    ]
    if record.actors:
        lines.append(f"actors: {', '.join(record.actors)}")
    return lines + _common(record, quotes)


def _common(record: CanonicalAid | CanonicalEvent, quotes: dict[int, list[str]]) -> list[str]:
    lines = [
        f"date: {span_text(record.date)}",
        f"sources: {len(record.sources)} documents, {record.corroboration} independent, "
        f"official: {'yes' if record.official else 'no'}; quality {record.quality:.2f}; "
        f"confidence {record.confidence:.2f}; reviewed: {'yes' if record.reviewed else 'no'}",
        f"why: {record.explanation}",
    ]
    for name, values in sorted(record.conflicts.items()):
        given = "; ".join(f"{v.value} (facts {', '.join(map(str, v.fact_ids))})" for v in values)
        lines.append(f"conflict {name}: {given}")
    documents = {d.id: d for d in record.sources}
    for member in record.members:
        document = documents[member.document_id]
        lines.append(
            f"  fact {member.fact_id} [{member.review_status}] document {document.id} "
            f"{document.label} ({document.published or 'undated'})"
        )
        for quote in quotes.get(member.fact_id, []):
            lines.append(f"    \u201c{quote}\u201d")
    return lines


@resolve_app.command("show")
def show_command(
    ctx: typer.Context, record_id: Annotated[str, typer.Argument(metavar="ID")]
) -> None:
    """One canonical record: its values, why it was merged, conflicts, sources and evidence."""
    app_ctx = context(ctx)
    ensure_resolved(app_ctx.store)
    with app_ctx.store.reading() as session:
        aid = stored.load_canonical_aid(session, [record_id])
        events = [] if aid else stored.load_canonical_events(session, [record_id])
        found: CanonicalAid | CanonicalEvent | None = (aid or events or [None])[0]
        if found is None:
            raise TrackerError(
                f"no canonical record with id {record_id} (run chinatracker resolve?)"
            )
        quotes = stored.evidence_quotes(session, found.fact_ids)
    lines = (
        _show_aid(found, quotes) if isinstance(found, CanonicalAid) else _show_event(found, quotes)
    )
    for line in lines:
        app_ctx.out.print(line, highlight=False, markup=False, soft_wrap=True)


@resolve_app.command("list")
def list_command(
    ctx: typer.Context,
    channel: Annotated[str | None, typer.Option(help="Only this donor channel.")] = None,
    country: Annotated[str | None, typer.Option(help="Only this recipient (ISO3).")] = None,
    merged: Annotated[bool, typer.Option(help="Only records merged from several facts.")] = False,
    conflicts: Annotated[bool, typer.Option(help="Only records whose sources disagree.")] = False,
    output: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table,
) -> None:
    """Canonical aid records, by recipient and channel."""
    app_ctx = context(ctx)
    ensure_resolved(app_ctx.store)
    with app_ctx.store.reading() as session:
        records = stored.load_canonical_aid(session)
    records = [
        r
        for r in records
        if (channel is None or r.donor_channel == channel)
        and (country is None or r.recipient_country == country.upper())
        and (not merged or len(r.members) > 1)
        and (not conflicts or r.conflicts)
    ]
    if output is ListFormat.json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in records], indent=1))
        return
    table = Table(
        "id", "recipient", "channel", "mode", "status", "date", "facts", "docs", "quality"
    )
    for r in records:
        table.add_row(
            r.id,
            r.recipient_country or r.recipient_label,
            r.donor_channel,
            r.mode,
            r.status,
            span_text(r.date),
            str(len(r.members)),
            str(len(r.sources)),
            f"{r.quality:.2f}" + (" !" if r.conflicts else ""),
        )
    app_ctx.out.print(table)


@resolve_app.command("link")
def link_command(
    ctx: typer.Context,
    fact_a: Annotated[int, typer.Argument(metavar="FACT_A")],
    fact_b: Annotated[int, typer.Argument(metavar="FACT_B")],
    must: Annotated[
        bool, typer.Option("--must/--cannot", help="Same thing (must) or not (cannot).")
    ] = True,
    country: Annotated[
        str | None, typer.Option(help="For aid: only for this recipient country (ISO3).")
    ] = None,
    reason: Annotated[str, typer.Option(help="Why; kept in the audit log.")] = "",
    by: Annotated[str, typer.Option(help="Who decided.")] = "analyst",
) -> None:
    """Record that two facts report (--must) or do not report (--cannot) the same thing."""
    if fact_a == fact_b:
        raise typer.BadParameter("a fact is always linked to itself", param_hint="FACT_B")
    app_ctx = context(ctx)
    rule = LinkConstraint(
        kind="must_link" if must else "cannot_link",
        fact_a=fact_a,
        fact_b=fact_b,
        country=country.upper() if country else None,
        actor=by,
        reason=reason,
    )
    with app_ctx.store.transaction() as session:
        missing = {fact_a, fact_b} - stored.existing_fact_ids(session, [fact_a, fact_b])
        if missing:
            raise TrackerError(f"no current fact with id {', '.join(map(str, sorted(missing)))}")
        constraint_id = stored.add_constraint(session, rule)
    app_ctx.out.print(
        f"constraint {constraint_id}: {rule.kind} {fact_a} {fact_b}; "
        "run chinatracker resolve (analyses do it for you)",
        highlight=False,
    )


@resolve_app.command("unlink")
def unlink_command(
    ctx: typer.Context,
    constraint_id: Annotated[int, typer.Argument(metavar="CONSTRAINT")],
    reason: Annotated[str, typer.Option(help="Why; kept in the audit log.")] = "",
    by: Annotated[str, typer.Option(help="Who decided.")] = "analyst",
) -> None:
    """Withdraw a link constraint (it stays on record, inactive)."""
    app_ctx = context(ctx)
    with app_ctx.store.transaction() as session:
        if not stored.deactivate_constraint(session, constraint_id, by, reason):
            raise TrackerError(f"no active constraint with id {constraint_id}")
    app_ctx.out.print(f"constraint {constraint_id} withdrawn", highlight=False)


@resolve_app.command("constraints")
def constraints_command(ctx: typer.Context) -> None:
    """Analysts' active link constraints."""
    app_ctx = context(ctx)
    with app_ctx.store.reading() as session:
        rules = stored.load_constraints(session)
    table = Table("id", "kind", "fact a", "fact b", "country", "by", "at", "reason")
    for r in rules:
        table.add_row(
            str(r.id),
            r.kind,
            str(r.fact_a),
            str(r.fact_b),
            r.country or "",
            r.actor,
            r.at.strftime("%Y-%m-%d %H:%M") if r.at else "",
            r.reason,
        )
    app_ctx.out.print(table)
