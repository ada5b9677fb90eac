"""``python -m referat``: the command line."""

from referat.cli import script

raise SystemExit(script())
