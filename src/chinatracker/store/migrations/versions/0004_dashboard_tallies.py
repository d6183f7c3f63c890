"""Dashboard tallies: counts of current facts per (place, kind, topic, month, status, confidence),
kept by triggers, so the dashboard's counts, map and timeline read a few thousand rows instead of
an index range of a million entries.

- `facts.topic` and `fact_places.topic`: the event category or the aid donor channel, copied in
  by triggers on `events` and `aid_deliveries`, so one key carries both filters.
- `country_areas`: which UN regions, sub-regions and intermediate regions hold each country (the
  reference data of this release). A fact counts once per region however many of its countries
  lie there: its place row with the smallest country code in the region carries the count.
- `fact_tallies`: scope 'all' (area ''), 'country' (area = ISO3) or 'region' (area = region name);
  month 'YYYY-MM' or '' when undated; confidence_tenth = the largest t with confidence >= t/10,
  written as the same comparisons the dashboard's filter makes, so the two never disagree.

Only current facts are counted. `store/dashboard.py` reads the tallies for whole months and
tenths of confidence and scans the facts for the rest (the partial months at a period's edges).

SQLite only. On PostgreSQL the same row triggers (written and tested) made the extraction path
write 3 times slower and a bulk load 25 times slower, and its dashboard was no faster at 100k
facts, so there the tables stay empty and the dashboard counts from the facts; statement-level
triggers over transition tables would be the way to bring them. `facts.topic` is kept on both.

Revision ID: 0004_dashboard_tallies
Revises: 0003_web_accounts
Create Date: 2026-11-23 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_dashboard_tallies"
down_revision = "0003_web_accounts"
branch_labels = None
depends_on = None

# The key in the map's order (every country's rows of one level and period); one place's rows
# come from ix_fact_tallies_area.
TALLY_KEY = ("scope", "topic", "review_status", "kind", "month", "area", "confidence_tenth")
AREA_INDEX = ["scope", "area", "topic", "review_status", "kind", "month", "confidence_tenth"]
KEY = ", ".join(TALLY_KEY)
VALUES = "scope, area, kind, month, topic, review_status, confidence_tenth, facts"
TOPICS = {"events": "category", "aid_deliveries": "donor_channel"}
FACT_FIELDS = "current, topic, date_start, review_status, confidence"


def _changed(fields: str, dialect: str) -> str:
    """True when an UPDATE changed one of `fields` (writers often set a field to its value)."""
    names = [f.strip() for f in fields.split(",")]
    if dialect == "sqlite":
        return " OR ".join(f"OLD.{n} IS NOT NEW.{n}" for n in names)
    old, new = (", ".join(f"{row}.{n}" for n in names) for row in ("OLD", "NEW"))
    return f"({old}) IS DISTINCT FROM ({new})"


# 0001's fact_places copy, now with the topic.
PLACE_COLUMNS = "fact_id, country, kind, current, date_start, review_status, confidence, topic"
PLACE_FROM_FACT = (
    "SELECT id, {new}.country, kind, current, date_start, review_status, confidence, topic"
)
PLACE_GONE = (
    "DELETE FROM fact_places WHERE fact_id = OLD.fact_id AND country = OLD.country "
    "AND NOT EXISTS (SELECT 1 FROM aid_recipients r "
    "WHERE r.fact_id = OLD.fact_id AND r.country = OLD.country) "
    "AND NOT EXISTS (SELECT 1 FROM event_countries c "
    "WHERE c.fact_id = OLD.fact_id AND c.country = OLD.country)"
)
PLACE_FOLLOWS = (
    "UPDATE fact_places SET current = NEW.current, date_start = NEW.date_start, "
    "review_status = NEW.review_status, confidence = NEW.confidence, topic = NEW.topic "
    "WHERE fact_id = NEW.id"
)


def _tenth(row: str) -> str:
    steps = " ".join(f"WHEN {row}.confidence >= {t / 10!r} THEN {t}" for t in range(10, -1, -1))
    return f"CASE {steps} ELSE -1 END"


def _month(row: str, dialect: str) -> str:
    if dialect == "sqlite":
        return f"COALESCE(substr({row}.date_start, 1, 7), '')"
    return f"COALESCE(to_char({row}.date_start, 'YYYY-MM'), '')"


# Each change is counted at four levels: the full key, and roll-ups with "any" ('*', 99) for
# the topic, for the review status and confidence, or for both, so a filter that leaves those
# open reads a few coarse rows instead of summing the fine ones.
LEVELS = (
    "(SELECT 1 AS by_topic, 1 AS by_quality UNION ALL SELECT 1, 0 "
    "UNION ALL SELECT 0, 1 UNION ALL SELECT 0, 0) l"
)
ANY, ANY_TENTH = "'*'", 99


def _upsert(
    row: str, delta: int, dialect: str, scope: str, area: str, *, join: str = "", where: str
) -> str:
    """Add `delta` to the tallies of `row` (NEW or OLD) in (scope, area), at every level;
    `join` names more tables for `area` and `where`."""
    return (
        f"INSERT INTO fact_tallies ({VALUES}) "
        f"SELECT {scope}, {area}, {row}.kind, {_month(row, dialect)}, "
        f"CASE WHEN l.by_topic = 1 THEN COALESCE({row}.topic, '') ELSE {ANY} END, "
        f"CASE WHEN l.by_quality = 1 THEN {row}.review_status ELSE {ANY} END, "
        f"CASE WHEN l.by_quality = 1 THEN {_tenth(row)} ELSE {ANY_TENTH} END, "
        f"{delta} FROM {LEVELS}{join} WHERE {where} "
        f"ON CONFLICT ({KEY}) DO UPDATE SET facts = fact_tallies.facts + excluded.facts"
    )


def _fact_tally(row: str, delta: int, dialect: str, when: str = "true") -> str:
    return _upsert(row, delta, dialect, "'all'", "''", where=when)


def _place_tallies(row: str, delta: int, dialect: str, rule: str, when: str = "true") -> str:
    """The country's tally and those of the regions where `row` carries the fact's count.

    rule 'alone': no other place of the fact lies in the region (a place added or removed);
    rule 'first': no place with a smaller country code does (a place whose fields changed).
    """
    other = f"o.country <> {row}.country" if rule == "alone" else f"o.country < {row}.country"
    in_regions = (
        f"{when} AND a.country = {row}.country AND NOT EXISTS ("
        "SELECT 1 FROM fact_places o JOIN country_areas b ON b.country = o.country "
        f"WHERE o.fact_id = {row}.fact_id AND b.area = a.area AND {other})"
    )
    country = _upsert(row, delta, dialect, "'country'", f"{row}.country", where=when)
    region = _upsert(
        row, delta, dialect, "'region'", "a.area", join=", country_areas a", where=in_regions
    )
    return f"{country}; {region}"


def _place_copy(dialect: str, *, topic: bool) -> list[str]:
    """The triggers that keep `fact_places` (0001's), copying the topic too when `topic`."""
    columns, source, follows, fields = PLACE_COLUMNS, PLACE_FROM_FACT, PLACE_FOLLOWS, FACT_FIELDS
    if not topic:
        columns, source = columns.removesuffix(", topic"), source.removesuffix(", topic")
        follows = follows.replace(", topic = NEW.topic", "")
        fields = fields.replace(" topic,", "")
    if dialect == "sqlite":
        add = (
            f"INSERT OR IGNORE INTO fact_places ({columns}) "
            f"{source.format(new='NEW')} FROM facts WHERE id = NEW.fact_id"
        )
        statements = []
        for table in ("aid_recipients", "event_countries"):
            statements += [
                f"CREATE TRIGGER {table}_place_add AFTER INSERT ON {table} "
                f"WHEN NEW.country IS NOT NULL BEGIN {add}; END",
                f"CREATE TRIGGER {table}_place_gone AFTER DELETE ON {table} "
                f"WHEN OLD.country IS NOT NULL BEGIN {PLACE_GONE}; END",
                f"CREATE TRIGGER {table}_place_moved AFTER UPDATE OF fact_id, country ON {table} "
                f"BEGIN {PLACE_GONE}; {add}; END",
            ]
        return [
            *statements,
            f"CREATE TRIGGER facts_place_fields AFTER UPDATE OF {fields} ON facts "
            f"WHEN {_changed(fields, dialect)} BEGIN {follows}; END",
        ]
    add = (
        f"INSERT INTO fact_places ({columns}) {source.format(new='NEW')} "
        "FROM facts WHERE id = NEW.fact_id ON CONFLICT DO NOTHING"
    )
    return [
        "CREATE OR REPLACE FUNCTION fact_places_sync() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN IF TG_OP <> 'INSERT' THEN IF OLD.country IS NOT NULL THEN "
        f"{PLACE_GONE}; END IF; END IF; "
        "IF TG_OP <> 'DELETE' THEN IF NEW.country IS NOT NULL THEN "
        f"{add}; END IF; END IF; RETURN NULL; END $$",
        "CREATE OR REPLACE FUNCTION fact_places_follow() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF {_changed(fields, dialect)} THEN {follows}; END IF; RETURN NULL; END $$",
        "DROP TRIGGER IF EXISTS fact_places_follow ON facts",
        f"CREATE TRIGGER fact_places_follow AFTER UPDATE OF {fields} ON facts "
        "FOR EACH ROW EXECUTE FUNCTION fact_places_follow()",
    ]


def _sqlite_triggers() -> list[str]:
    d = "sqlite"
    statements = _place_copy(d, topic=True)
    for table, column in TOPICS.items():
        set_topic = (
            f"UPDATE facts SET topic = NEW.{column} WHERE id = NEW.fact_id "
            f"AND topic IS NOT NEW.{column}"
        )
        statements += [
            f"CREATE TRIGGER {table}_topic_add AFTER INSERT ON {table} BEGIN {set_topic}; END",
            f"CREATE TRIGGER {table}_topic_moved AFTER UPDATE OF fact_id, {column} ON {table} "
            "BEGIN UPDATE facts SET topic = NULL WHERE id = OLD.fact_id AND OLD.fact_id <> "
            f"NEW.fact_id; {set_topic}; END",
            f"CREATE TRIGGER {table}_topic_gone AFTER DELETE ON {table} "
            "BEGIN UPDATE facts SET topic = NULL WHERE id = OLD.fact_id; END",
        ]
    return [
        *statements,
        "CREATE TRIGGER facts_tally_add AFTER INSERT ON facts WHEN NEW.current "
        f"BEGIN {_fact_tally('NEW', 1, d)}; END",
        f"CREATE TRIGGER facts_tally_moved AFTER UPDATE OF kind, {FACT_FIELDS} ON facts "
        f"WHEN {_changed('kind, ' + FACT_FIELDS, d)} BEGIN "
        f"{_fact_tally('OLD', -1, d, 'OLD.current')}; "
        f"{_fact_tally('NEW', 1, d, 'NEW.current')}; END",
        "CREATE TRIGGER facts_tally_gone AFTER DELETE ON facts WHEN OLD.current "
        f"BEGIN {_fact_tally('OLD', -1, d)}; END",
        "CREATE TRIGGER fact_places_tally_add AFTER INSERT ON fact_places WHEN NEW.current "
        f"BEGIN {_place_tallies('NEW', 1, d, 'alone')}; END",
        "CREATE TRIGGER fact_places_tally_gone AFTER DELETE ON fact_places WHEN OLD.current "
        f"BEGIN {_place_tallies('OLD', -1, d, 'alone')}; END",
        f"CREATE TRIGGER fact_places_tally_moved AFTER UPDATE OF {FACT_FIELDS} ON fact_places "
        f"WHEN {_changed(FACT_FIELDS, d)} BEGIN "
        f"{_place_tallies('OLD', -1, d, 'first', 'OLD.current')}; "
        f"{_place_tallies('NEW', 1, d, 'first', 'NEW.current')}; END",
    ]


def _postgres_triggers() -> list[str]:
    """The topic and the place copy only: no tallies on PostgreSQL (see the module docstring)."""
    statements = _place_copy("postgresql", topic=True)
    for table, column in TOPICS.items():
        statements += [
            f"CREATE FUNCTION {table}_topic() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_OP = 'DELETE' THEN UPDATE facts SET topic = NULL WHERE id = OLD.fact_id; "
            "ELSIF TG_OP = 'UPDATE' AND OLD.fact_id <> NEW.fact_id THEN "
            "UPDATE facts SET topic = NULL WHERE id = OLD.fact_id; END IF; "
            f"IF TG_OP <> 'DELETE' THEN UPDATE facts SET topic = NEW.{column} "
            f"WHERE id = NEW.fact_id AND topic IS DISTINCT FROM NEW.{column}; END IF; "
            "RETURN NULL; END $$",
            f"CREATE TRIGGER {table}_topic AFTER INSERT OR DELETE OR UPDATE OF fact_id, {column} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_topic()",
        ]
    return statements


def _sqlite_drop_place_triggers() -> list[str]:
    names = [
        f"{table}_place_{what}"
        for table in ("aid_recipients", "event_countries")
        for what in ("add", "gone", "moved")
    ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in [*names, "facts_place_fields"]]


def _country_areas() -> list[dict[str, str]]:
    from chinatracker.reference.countries import country_index

    pairs = {
        (area, c.iso3)
        for c in country_index()
        for area in (c.un_region, c.un_subregion, c.intermediate_region)
        if area
    }
    return [{"area": area, "country": country} for area, country in sorted(pairs)]


def _fill_topics() -> None:
    op.execute(
        "UPDATE facts SET topic = (SELECT category FROM events e WHERE e.fact_id = facts.id) "
        "WHERE kind = 'event'"
    )
    op.execute(
        "UPDATE facts SET topic = (SELECT donor_channel FROM aid_deliveries a "
        "WHERE a.fact_id = facts.id) WHERE kind = 'aid'"
    )
    op.execute("UPDATE fact_places SET topic = (SELECT topic FROM facts WHERE id = fact_id)")


def _fill() -> None:
    """Tallies for what the store already holds, as the triggers would have counted it."""
    dialect = op.get_bind().dialect.name
    _fill_topics()
    fields = (
        f"kind, {_month('r', dialect)} AS month, "
        f"CASE WHEN l.by_topic = 1 THEN COALESCE(r.topic, '') ELSE {ANY} END AS topic, "
        f"CASE WHEN l.by_quality = 1 THEN review_status ELSE {ANY} END AS review_status, "
        f"CASE WHEN l.by_quality = 1 THEN {_tenth('r')} ELSE {ANY_TENTH} END AS confidence_tenth"
    )
    group = "kind, month, topic, review_status, confidence_tenth"
    sources = {
        ("'all'", "''"): "facts r",
        ("'country'", "country"): "fact_places r",
        ("'region'", "area"): (
            "(SELECT DISTINCT a.area, p.fact_id, p.kind, p.date_start, p.topic, p.review_status, "
            "p.confidence, p.current FROM fact_places p "
            "JOIN country_areas a ON a.country = p.country) r"
        ),
    }
    for (scope, area), source in sources.items():
        op.execute(
            f"INSERT INTO fact_tallies ({VALUES}) "
            f"SELECT scope, area, {group}, count(*) FROM ("
            f"SELECT {scope} AS scope, {area} AS area, {fields} "
            f"FROM {source} CROSS JOIN {LEVELS} WHERE r.current = true) t "
            f"GROUP BY scope, area, {group}"
        )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("topic", sa.String(length=40), nullable=True))
    with op.batch_alter_table("fact_places", schema=None) as batch_op:
        batch_op.add_column(sa.Column("topic", sa.String(length=40), nullable=True))
    areas = op.create_table(
        "country_areas",
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=False),
        sa.PrimaryKeyConstraint("area", "country"),
    )
    with op.batch_alter_table("country_areas", schema=None) as batch_op:
        batch_op.create_index("ix_country_areas_country", ["country", "area"], unique=False)
    op.bulk_insert(areas, _country_areas())
    op.create_table(
        "fact_tallies",
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("review_status", sa.String(length=12), nullable=False),
        sa.Column("confidence_tenth", sa.Integer(), nullable=False),
        sa.Column("facts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*TALLY_KEY),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("fact_tallies", schema=None) as batch_op:
        batch_op.create_index("ix_fact_tallies_area", [*AREA_INDEX, "facts"], unique=False)
    if dialect == "sqlite":
        _fill()
        for statement in [*_sqlite_drop_place_triggers(), *_sqlite_triggers()]:
            op.execute(statement)
    elif dialect == "postgresql":
        _fill_topics()
        for statement in _postgres_triggers():
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        names = [
            "facts_tally_add",
            "facts_tally_moved",
            "facts_tally_gone",
            "fact_places_tally_add",
            "fact_places_tally_gone",
            "fact_places_tally_moved",
            *(f"{t}_topic_{w}" for t in TOPICS for w in ("add", "moved", "gone")),
        ]
        for name in names:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif dialect == "postgresql":
        for table in TOPICS:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_topic ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_topic()")
        op.execute("DROP TRIGGER IF EXISTS fact_places_follow ON facts")
    op.drop_table("fact_tallies")
    op.drop_table("country_areas")
    # The place triggers name `topic`: drop them before the column goes, then put back 0001's.
    if dialect == "sqlite":
        for statement in _sqlite_drop_place_triggers():
            op.execute(statement)
    # Not a batch copy on SQLite (3.35+ drops columns in place): copying `facts` would drop it
    # first, and with foreign keys on that deletes every row that refers to it.
    op.execute("ALTER TABLE fact_places DROP COLUMN topic")
    op.execute("ALTER TABLE facts DROP COLUMN topic")
    if dialect in ("sqlite", "postgresql"):
        for statement in _place_copy(dialect, topic=False):
            op.execute(statement)
