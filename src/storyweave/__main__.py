"""``python -m storyweave`` runs the command line."""

from .cli import main

main()
