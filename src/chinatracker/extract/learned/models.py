"""The committed model files (`extract/data/models/`), read once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from chinatracker.extract.learned.linear import LinearModel

MODELS = Path(__file__).resolve().parents[1] / "data" / "models"
EVENT_MODEL = MODELS / "events.json"
AID_MODEL = MODELS / "aid.json"
# The event model for Chinese text: the same format, trained on the Chinese gold
# (`chinatracker train --language zh`).
ZH_EVENT_MODEL = MODELS / "events-zh.json"
MODEL_FILES = {"en": EVENT_MODEL, "zh": ZH_EVENT_MODEL}


@cache
def event_model() -> LinearModel:
    return LinearModel.load(EVENT_MODEL)


def configured_event_model(path: str) -> LinearModel | None:
    """The event model a setting names (`event_model`, `CHINATRACKER_EVENT_MODEL`), or None for
    the shipped one: `extract` and `eval` must read the same model, or a model trained with
    `train --out FILE` could be scored as if it were the shipped one."""
    return LinearModel.load(Path(path)) if path else None


@cache
def aid_model() -> LinearModel:
    return LinearModel.load(AID_MODEL)


@cache
def zh_event_model() -> LinearModel | None:
    """None until a Chinese model has been trained: Chinese events then come from the rules."""
    return LinearModel.load(ZH_EVENT_MODEL) if ZH_EVENT_MODEL.is_file() else None
