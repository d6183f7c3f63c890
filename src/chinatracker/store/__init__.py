"""The store: SQLAlchemy models, Alembic migrations, and the queries of each stage."""

# The web app's tables live in their own module; importing it here puts them on
# `Base.metadata` whenever the models are imported, so migrations and models always agree.
from chinatracker.store import accounts as accounts
