"""The role each country mention plays where it is named.

`entities.country_role` holds actor, location, donor, recipient, transit, origin, topic or
affiliation (extract/country_roles.py), so exports and queries can tell a country that acts from
one named inside a university's name or only as the topic of talks. Null for older extractions
and for entities without a country.

Revision ID: 0011_entity_country_role
Revises: 0010_clean_text_stories
Create Date: 2026-12-07 00:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_entity_country_role"
down_revision = "0010_clean_text_stories"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("country_role", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.drop_column("country_role")
