"""All-time dashboard tallies: each tally is also kept under month '*', any month or none.

A dashboard without a period (the landing view, or any filter set without dates) summed a
tally row per month for each key: at a million facts about 30,000 rows for the landing view's
map, and, with a review status or a minimum confidence, up to 200,000 (the map then took 80 to
120 ms). With the all-time rows it reads one row per key. Every fact written pays for it with
twice as many tally upserts (docs/scaling.md has the write rates before and after).

SQLite only, like the tallies themselves (0004). The triggers are 0004's with one more level;
`downgrade` puts back 0004's.

Revision ID: 0007_all_time_tallies
Revises: 0006_search_by_batch
Create Date: 2026-12-06 05:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0007_all_time_tallies"
down_revision = "0006_search_by_batch"
branch_labels = None
depends_on = None

KEY = "scope, topic, review_status, kind, month, area, confidence_tenth"
VALUES = "scope, area, kind, month, topic, review_status, confidence_tenth, facts"
FACT_FIELDS = "current, topic, date_start, review_status, confidence"
ANY, ANY_TENTH, ANY_MONTH = "'*'", 99, "'*'"
TRIGGERS = (
    "facts_tally_add",
    "facts_tally_moved",
    "facts_tally_gone",
    "fact_places_tally_add",
    "fact_places_tally_gone",
    "fact_places_tally_moved",
)


def _levels(all_time: bool) -> str:
    """0004's four levels (topic and quality each kept or "any"), times month kept or "any"."""
    rows = [(topic, quality) for topic in (1, 0) for quality in (1, 0)]
    months = (0, 1) if all_time else (0,)
    selects = [
        f"SELECT {topic} AS by_topic, {quality} AS by_quality, {month} AS all_time"
        for month in months
        for topic, quality in rows
    ]
    return f"({' UNION ALL '.join(selects)}) l"


def _changed(fields: str) -> str:
    return " OR ".join(f"OLD.{n.strip()} IS NOT NEW.{n.strip()}" for n in fields.split(","))


def _tenth(row: str) -> str:
    steps = " ".join(f"WHEN {row}.confidence >= {t / 10!r} THEN {t}" for t in range(10, -1, -1))
    return f"CASE {steps} ELSE -1 END"


def _upsert(
    row: str, delta: int, all_time: bool, scope: str, area: str, *, join: str = "", where: str
) -> str:
    month = f"COALESCE(substr({row}.date_start, 1, 7), '')"
    if all_time:
        month = f"CASE WHEN l.all_time = 1 THEN {ANY_MONTH} ELSE {month} END"
    return (
        f"INSERT INTO fact_tallies ({VALUES}) "
        f"SELECT {scope}, {area}, {row}.kind, {month}, "
        f"CASE WHEN l.by_topic = 1 THEN COALESCE({row}.topic, '') ELSE {ANY} END, "
        f"CASE WHEN l.by_quality = 1 THEN {row}.review_status ELSE {ANY} END, "
        f"CASE WHEN l.by_quality = 1 THEN {_tenth(row)} ELSE {ANY_TENTH} END, "
        f"{delta} FROM {_levels(all_time)}{join} WHERE {where} "
        f"ON CONFLICT ({KEY}) DO UPDATE SET facts = fact_tallies.facts + excluded.facts"
    )


def _fact_tally(row: str, delta: int, all_time: bool, when: str = "true") -> str:
    return _upsert(row, delta, all_time, "'all'", "''", where=when)


def _place_tallies(row: str, delta: int, all_time: bool, rule: str, when: str = "true") -> str:
    """As 0004: the country's tally, and each region's where `row` carries the fact's count."""
    other = f"o.country <> {row}.country" if rule == "alone" else f"o.country < {row}.country"
    in_regions = (
        f"{when} AND a.country = {row}.country AND NOT EXISTS ("
        "SELECT 1 FROM fact_places o JOIN country_areas b ON b.country = o.country "
        f"WHERE o.fact_id = {row}.fact_id AND b.area = a.area AND {other})"
    )
    country = _upsert(row, delta, all_time, "'country'", f"{row}.country", where=when)
    region = _upsert(
        row, delta, all_time, "'region'", "a.area", join=", country_areas a", where=in_regions
    )
    return f"{country}; {region}"


def _triggers(all_time: bool) -> list[str]:
    t = all_time
    return [
        "CREATE TRIGGER facts_tally_add AFTER INSERT ON facts WHEN NEW.current "
        f"BEGIN {_fact_tally('NEW', 1, t)}; END",
        f"CREATE TRIGGER facts_tally_moved AFTER UPDATE OF kind, {FACT_FIELDS} ON facts "
        f"WHEN {_changed('kind, ' + FACT_FIELDS)} BEGIN "
        f"{_fact_tally('OLD', -1, t, 'OLD.current')}; "
        f"{_fact_tally('NEW', 1, t, 'NEW.current')}; END",
        "CREATE TRIGGER facts_tally_gone AFTER DELETE ON facts WHEN OLD.current "
        f"BEGIN {_fact_tally('OLD', -1, t)}; END",
        "CREATE TRIGGER fact_places_tally_add AFTER INSERT ON fact_places WHEN NEW.current "
        f"BEGIN {_place_tallies('NEW', 1, t, 'alone')}; END",
        "CREATE TRIGGER fact_places_tally_gone AFTER DELETE ON fact_places WHEN OLD.current "
        f"BEGIN {_place_tallies('OLD', -1, t, 'alone')}; END",
        f"CREATE TRIGGER fact_places_tally_moved AFTER UPDATE OF {FACT_FIELDS} ON fact_places "
        f"WHEN {_changed(FACT_FIELDS)} BEGIN "
        f"{_place_tallies('OLD', -1, t, 'first', 'OLD.current')}; "
        f"{_place_tallies('NEW', 1, t, 'first', 'NEW.current')}; END",
    ]


def _replace_triggers(all_time: bool) -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for statement in _triggers(all_time):
        op.execute(statement)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # Every month's rows, undated ones included, summed per key: what the triggers would have
    # counted under '*' had they always run.
    op.execute(
        f"INSERT INTO fact_tallies ({VALUES}) "
        f"SELECT scope, area, kind, {ANY_MONTH}, topic, review_status, confidence_tenth, "
        "sum(facts) FROM fact_tallies "
        "GROUP BY scope, area, kind, topic, review_status, confidence_tenth "
        "HAVING sum(facts) <> 0"
    )
    _replace_triggers(all_time=True)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _replace_triggers(all_time=False)
    op.execute(f"DELETE FROM fact_tallies WHERE month = {ANY_MONTH}")
