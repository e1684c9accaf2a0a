"""Adapters that run chaff inside other tools (datatrove)."""
