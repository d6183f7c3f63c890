"""Donors and recipient institutions, filled from the actor registry.

Extraction may leave a donor's channel or a recipient's institution type as "unknown" when the
sentence alone does not say; the registry knows that the "PLA Air Force" is military (through
its parent, the PLA) and that the "Zimbabwe Defence Forces" are a defence institution. It also
tells two donors apart: the Jack Ma Foundation and Huawei are both private, but no report of
one is a report of the other.
"""

from __future__ import annotations

from chinatracker.reference import Reference
from chinatracker.reference.actors import CHANNELS, Actor


class ActorResolver:
    """Registry look-ups for resolve, remembered per name (matching a name scans every actor)."""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self._actors: dict[str, Actor | None] = {}
        self._institutions: dict[str, str | None] = {}
        self._families: dict[str, frozenset[str]] = {}

    def actor(self, name: str | None) -> Actor | None:
        if not name:
            return None
        if name not in self._actors:
            self._actors[name] = self.reference.lookup_actor(name)
        return self._actors[name]

    def channel(self, channel: str, name: str) -> str:
        """The extracted channel, or the registry's channel for the donor's name when unknown."""
        if channel in CHANNELS:
            return channel
        actor = self.actor(name)
        if actor is not None:
            return self.reference.actors.channel_of(actor.id) or channel
        return channel

    def country(self, country: str | None, name: str) -> str | None:
        """The extracted donor country, or the registry actor's country."""
        if country:
            return country.upper()
        actor = self.actor(name)
        return actor.country if actor is not None else None

    def institution_type(self, current: str, name: str | None) -> str:
        """The extracted institution type, or the registry's (or a generic phrase's) for it."""
        if current != "unknown" or not name:
            return current
        if name not in self._institutions:
            self._institutions[name] = self.reference.actors.institution_type_for(name)
        return self._institutions[name] or current

    def family(self, name: str | None) -> frozenset[str]:
        """The registry actor a donor name resolves to and its parents; empty if unknown."""
        if not name:
            return frozenset()
        if name not in self._families:
            actor = self.actor(name)
            self._families[name] = (
                frozenset((actor.id, *self.reference.actors.ancestors(actor.id)))
                if actor is not None
                else frozenset()
            )
        return self._families[name]

    def distinct_donors(self, a: str | None, b: str | None) -> bool:
        """True when both names are registry actors with no parent in common.

        "Ministry of National Defense" and "PLA" share the CMC, the embassy and "the Chinese
        government" share the government: the same donor. Alibaba and Huawei share nothing.
        """
        if a == b:
            return False
        fa, fb = self.family(a), self.family(b)
        return bool(fa) and bool(fb) and not (fa & fb)
