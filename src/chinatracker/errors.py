"""Exceptions whose message is a sentence a user can act on.

The CLI prints `str(error)` on one line and exits non-zero; batch code records it and goes on.
"""

from __future__ import annotations


class TrackerError(Exception):
    """Base of every error meant for users rather than developers."""


class ConfigError(TrackerError):
    """A setting, config file or flag is wrong."""


class StoreError(TrackerError):
    """The database cannot be opened, migrated or written."""


class InputError(TrackerError):
    """One input (file, URL, record) cannot be ingested.

    `kind` is a short stable code (binary, empty, encoding, too_large, parse, io, fetch, date,
    front_matter, url, not_regular, name, timeout) stored with the failure so problems can be
    counted by kind; `locator` says where inside a container (a line of a JSON Lines file, an
    item of a feed).
    """

    def __init__(self, kind: str, reason: str, locator: str | None = None) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.locator = locator
