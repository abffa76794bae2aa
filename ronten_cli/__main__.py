"""``python -m ronten_cli`` runs the same CLI as the ``ronten`` console script."""

from .cli import main

main()
