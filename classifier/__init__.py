"""chaff: separate the wheat from the chaff on news pages."""

__version__ = "0.1.0"
