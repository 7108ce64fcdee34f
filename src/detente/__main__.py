"""``python -m detente`` runs the CLI."""

from ._entry import main

main()
