"""Recipes that built the shipped models. They import the package, never the reverse."""
