"""Research analyses over a whole store: group profiles, collaboration networks, fulfilment across
groups and years, keywords and themes, and tests of whether groups differ. Each returns pandas
DataFrames; `miner analyze ...` is the command-line twin of each, and `miner.analyze.charts` draws them."""

from miner.analyze.data import activities_frame, comparison_frame
from miner.analyze.fulfilment import fulfilment
from miner.analyze.groups import GroupComparison, compare_groups
from miner.analyze.keywords import keywords, themes
from miner.analyze.network import Network, network
from miner.analyze.profile import DIMENSIONS, profile, schools

__all__ = [
    "DIMENSIONS",
    "GroupComparison",
    "Network",
    "activities_frame",
    "compare_groups",
    "comparison_frame",
    "fulfilment",
    "keywords",
    "network",
    "profile",
    "schools",
    "themes",
]
