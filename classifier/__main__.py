"""``python -m classifier`` runs the chaff command line."""

from .cli import main

main(prog_name="chaff")
