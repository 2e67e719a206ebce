"""Collaboration: which schools take part in activities together, as a weighted network with centralities."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
import pandas as pd

from miner.analyze.data import StoreLike, activities_frame


@dataclass(frozen=True, slots=True)
class Network:
    """Schools as nodes, joint activities as weighted edges."""

    nodes: pd.DataFrame  # school, groups, activities, partners, weighted_degree, betweenness, eigenvector
    edges: pd.DataFrame  # source, target, weight (joint activities), groups
    graph: nx.Graph

    def to_pandas(self) -> dict[str, pd.DataFrame]:
        return {"nodes": self.nodes, "edges": self.edges}


def network(
    db: StoreLike,
    groups: Sequence[str] | None = None,
    periods: Sequence[str] | None = None,
    mood: str | None = None,
) -> Network:
    """The co-participation network: an edge for every two schools named in one activity.

    Across the groups given (all by default): a school named in two groups' activities joins them.
    Centralities: weighted degree (joint activities), betweenness (how often a school lies between
    others; distances are 1/weight) and eigenvector centrality (weighted).
    """
    frame = activities_frame(db, groups, periods, mood)
    weight: Counter[tuple[str, str]] = Counter()
    edge_groups: dict[tuple[str, str], set[str]] = {}
    school_groups: dict[str, set[str]] = {}
    count: Counter[str] = Counter()
    for names, group in zip(frame["schools"], frame["group"], strict=True):
        unique = sorted(set(names))
        for s in unique:
            count[s] += 1
            school_groups.setdefault(s, set()).add(group)
        for a, b in combinations(unique, 2):
            weight[(a, b)] += 1
            edge_groups.setdefault((a, b), set()).add(group)
    graph = nx.Graph()
    graph.add_nodes_from(count)
    for (a, b), w in weight.items():
        graph.add_edge(a, b, weight=w, distance=1.0 / w)
    nodes = _nodes(graph, count, school_groups)
    edges = pd.DataFrame(
        [
            {"source": a, "target": b, "weight": w, "groups": "、".join(sorted(edge_groups[(a, b)]))}
            for (a, b), w in weight.most_common()
        ],
        columns=["source", "target", "weight", "groups"],
    )
    return Network(nodes, edges, graph)


def _nodes(graph: nx.Graph, count: Counter[str], school_groups: dict[str, set[str]]) -> pd.DataFrame:
    columns = ["school", "groups", "activities", "partners", "weighted_degree", "betweenness", "eigenvector"]
    if not graph.number_of_nodes():
        return pd.DataFrame(columns=columns)
    between = nx.betweenness_centrality(graph, weight="distance")
    eigen: dict[str, float] = {}
    for part in nx.connected_components(graph):  # per component: a group's schools form one, usually
        sub = graph.subgraph(part)
        if sub.number_of_edges() == 0:
            continue
        try:  # power iteration: works for a component of two schools too (the numpy solver does not)
            eigen.update(nx.eigenvector_centrality(sub, weight="weight", max_iter=1000, tol=1e-8))
        except (nx.NetworkXException, ValueError):  # left at 0 when it does not converge
            continue
    rows = [
        {
            "school": s,
            "groups": "、".join(sorted(school_groups[s])),
            "activities": count[s],
            "partners": graph.degree(s),
            "weighted_degree": graph.degree(s, weight="weight"),
            "betweenness": round(between.get(s, 0.0), 4),
            "eigenvector": round(abs(eigen.get(s, 0.0)), 4),
        }
        for s in graph.nodes
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["weighted_degree", "activities"], ascending=False).reset_index(drop=True)
