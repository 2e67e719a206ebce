"""Corpora: the run-time files (calendars.csv, gazetteer/, seeds/) are installed as `miner.corpora`.

The build maps this folder into the package (pyproject.toml `package-dir` and `package-data`);
only the files listed there go into a wheel. Gold, held-out and training sets stay in the checkout.
"""
