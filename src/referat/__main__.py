"""``python -m referat``: the command line."""

from referat.cli import main

raise SystemExit(main())
