"""The default model artifacts shipped with chaff (see MODEL_CARD.md)."""
