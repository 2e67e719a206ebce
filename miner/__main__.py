"""`python -m miner` runs the command-line interface."""

from miner.cli.app import main

main()
