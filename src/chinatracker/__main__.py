"""`python -m chinatracker` runs the command line."""

from chinatracker.cli import main

main()
