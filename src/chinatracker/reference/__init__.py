"""Reference data: countries, aliases, income groups, memberships, BRI MoUs, actors, places,
the event taxonomy and the closed vocabularies.

Everything is loaded from packaged files (``reference/data``) with the standard library and
PyYAML only, once per process. ``Reference.load()`` bundles the indices for callers that
want one object to pass around; the module-level functions of each submodule use the same
cached indices.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from chinatracker.reference.actors import Actor, ActorIndex, actor_index
from chinatracker.reference.bri import BriIndex, bri_index
from chinatracker.reference.countries import Country, CountryIndex, country_index
from chinatracker.reference.income import IncomeIndex, income_index
from chinatracker.reference.memberships import MembershipIndex, membership_index
from chinatracker.reference.places import Place, PlaceIndex, place_index
from chinatracker.reference.taxonomy import Category, Section, Taxonomy, taxonomy
from chinatracker.reference.vocabularies import Vocabularies, vocabularies

__all__ = ["Actor", "Category", "Country", "Place", "Reference", "Section"]


@dataclass(frozen=True)
class Reference:
    """All reference indices together; build it with :meth:`load`."""

    countries: CountryIndex
    income: IncomeIndex
    memberships: MembershipIndex
    bri: BriIndex
    actors: ActorIndex
    places: PlaceIndex
    taxonomy: Taxonomy
    vocabularies: Vocabularies

    @staticmethod
    @cache
    def load() -> Reference:
        """Load (once) and return every reference table."""
        return Reference(
            countries=country_index(),
            income=income_index(),
            memberships=membership_index(),
            bri=bri_index(),
            actors=actor_index(),
            places=place_index(),
            taxonomy=taxonomy(),
            vocabularies=vocabularies(),
        )

    # Shortcuts for the questions asked most often.
    def country(self, iso3: str) -> Country | None:
        """The country with this ISO code."""
        return self.countries.country(iso3)

    def lookup_country(self, text: str) -> Country | None:
        """Resolve a country name, alias, demonym or capital."""
        return self.countries.lookup_country(text)

    def lookup_place(self, text: str) -> Place | None:
        """Resolve a sub-national place or feature."""
        return self.places.lookup_place(text)

    def lookup_actor(self, text: str) -> Actor | None:
        """Resolve an actor phrase."""
        return self.actors.lookup_actor(text)

    def income_group(self, iso3: str, on: date) -> str | None:
        """World Bank income group in force on a date."""
        return self.income.income_group(iso3, on)

    def is_member(self, org: str, iso3: str, on: date) -> bool:
        """Membership of EU, NATO, ASEAN, AU, SCO, G20 or OECD on a date."""
        return self.memberships.is_member(org, iso3, on)

    def bri_member(self, iso3: str, on: date) -> bool:
        """BRI MoU in force on a date."""
        return self.bri.bri_member(iso3, on)
