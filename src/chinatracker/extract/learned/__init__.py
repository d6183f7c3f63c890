"""Learned extraction: models trained on the annotated real text (tests/gold/real), applied to
what the rule passes find. `features` turns a sentence into named features, `linear` holds the
portable model format, `events` applies the event model, and `training` fits it from gold."""
