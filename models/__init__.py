"""Trained models (activity typer, spaCy pipeline): installed as the package data `miner.models`.

The build maps this folder into the package (pyproject.toml `package-dir`); code finds it through
`miner.shipped`, so an editable install and a wheel read the same files.
"""
