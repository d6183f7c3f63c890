"""The committed model files (`extract/data/models/`), read once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from chinatracker.extract.learned.linear import LinearModel

MODELS = Path(__file__).resolve().parents[1] / "data" / "models"
EVENT_MODEL = MODELS / "events.json"
AID_MODEL = MODELS / "aid.json"


@cache
def event_model() -> LinearModel:
    return LinearModel.load(EVENT_MODEL)


@cache
def aid_model() -> LinearModel:
    return LinearModel.load(AID_MODEL)
