"""Typed errors. Every message names the input it is about."""


class ChaffError(Exception):
    """Base class of every error chaff raises on purpose."""


class InputError(ChaffError):
    """Input that cannot be read or does not have the expected shape."""


class ModelFormatError(ChaffError):
    """A file that is not a chaff model artifact, or one of another format version."""
