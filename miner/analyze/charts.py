"""Charts of the analyses (matplotlib, no screen), Chinese labels in a CJK font, saved as PNG or SVG."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from miner.errors import MinerError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from miner.analyze.groups import GroupComparison
    from miner.analyze.network import Network

# Fonts with Chinese glyphs, in order of preference; Debian's fonts-noto-cjk (installed by
# scripts/system-deps.sh) gives the first.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Arial Unicode MS",
)
SUFFIXES = (".png", ".svg")


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """The family of an installed font with Chinese glyphs, set as matplotlib's sans-serif default."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, rcParams

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            rcParams["font.family"] = "sans-serif"
            rcParams["font.sans-serif"] = [family, *rcParams["font.sans-serif"]]
            rcParams["axes.unicode_minus"] = False
            return family
    raise MinerError(
        "no font with Chinese characters is installed, so chart labels would show as boxes: "
        "install one (Debian: apt-get install fonts-noto-cjk, or `make system-deps`)",
        code="T002",
    )


def _figure(width: float, height: float) -> Figure:
    cjk_font()
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=110, layout="constrained")


def save(fig: Figure, path: str | Path) -> Path:
    """Write the figure as PNG or SVG, chosen by the file name's ending."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise MinerError(
            f"a chart is saved as .png or .svg, not {path.suffix or 'a file without ending'}", code="X002"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    return path


def plot_profile(frame: pd.DataFrame, path: str | Path, by: str = "type", title: str | None = None) -> Path:
    """Each group's shares of `by` (over all its periods) as one stacked horizontal bar."""
    counts = frame.groupby(["group", by])["count"].sum().unstack(fill_value=0)
    shares = counts.div(counts.sum(axis=1), axis=0)
    fig = _figure(10, 1.2 + 0.45 * len(shares))
    ax = fig.subplots()
    left = pd.Series(0.0, index=shares.index)
    cmap = _colours(len(shares.columns))
    for colour, column in zip(cmap, shares.columns, strict=True):
        ax.barh(shares.index.astype(str), shares[column], left=left, color=colour, label=_label(column))
        left += shares[column]
    ax.set_xlim(0, 1)
    ax.set_xlabel("占比")
    ax.set_title(title or f"各集团活动构成（按{_LABELS.get(by, by)}）")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    ax.invert_yaxis()
    return save(fig, path)


def plot_network(net: Network, path: str | Path, title: str = "学校协作网络") -> Path:
    """Schools as dots sized by activities, joint activities as lines as thick as their count."""
    import networkx as nx

    fig = _figure(10, 8)
    ax = fig.subplots()
    graph = net.graph
    if graph.number_of_nodes():
        pos = nx.spring_layout(graph, weight="weight", seed=7)
        weights = [graph[a][b]["weight"] for a, b in graph.edges]
        top = max(weights, default=1)
        nx.draw_networkx_edges(graph, pos, ax=ax, width=[0.5 + 3.5 * w / top for w in weights], alpha=0.4)
        sizes = net.nodes.set_index("school")["activities"]
        nx.draw_networkx_nodes(
            graph,
            pos,
            ax=ax,
            node_size=[60 + 25 * sizes.get(n, 1) for n in graph.nodes],
            node_color="#4c72b0",
            alpha=0.85,
        )
        nx.draw_networkx_labels(graph, pos, ax=ax, font_size=8, font_family=cjk_font())
    ax.set_title(title)
    ax.set_axis_off()
    return save(fig, path)


def plot_keywords(frame: pd.DataFrame, path: str | Path, top: int = 10, most: int = 6) -> Path:
    """Top keywords (TF-IDF) of up to `most` units, one small panel each."""
    keys = [c for c in ("group", "period") if c in frame.columns]
    key: str | list[str] = keys[0] if len(keys) == 1 else keys
    units = list(frame.groupby(key, sort=True).groups)[:most]
    cols = min(3, max(len(units), 1))
    rows = max(1, -(-len(units) // cols))
    fig = _figure(4.2 * cols, 3.2 * rows)
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, unit in zip(axes, units, strict=False):
        part = frame.set_index(keys).loc[[unit]].nsmallest(top, "rank")
        ax.barh(part["word"], part["tfidf"], color="#55a868")
        ax.invert_yaxis()
        ax.set_title(" ".join(unit) if isinstance(unit, tuple) else str(unit), fontsize=10)
    for ax in axes[len(units) :]:
        ax.set_axis_off()
    fig.suptitle("各集团关键词（TF-IDF）")
    return save(fig, path)


def plot_fulfilment(frame: pd.DataFrame, path: str | Path, title: str = "计划完成率") -> Path:
    """Fulfilment rate per value of the first column, one bar per value of the second (if any)."""
    key = frame.columns[0]
    second = frame.columns[1] if frame.columns[1] not in ("planned", "done") else None
    table = (
        frame.pivot_table(index=key, columns=second, values="fulfilment")
        if second
        else frame.set_index(key)[["fulfilment"]]
    )
    fig = _figure(10, 1.2 + 0.5 * len(table))
    ax = fig.subplots()
    table.plot.barh(ax=ax, color=_colours(len(table.columns)), width=0.8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("完成率（完成与延期 / 计划）")
    ax.set_ylabel("")
    ax.set_title(title)
    ax.invert_yaxis()
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    return save(fig, path)


def plot_comparison(result: GroupComparison, path: str | Path) -> Path:
    """Adjusted residuals of the groups × types table: red where a group does a type more than others."""
    resid = result.residuals
    fig = _figure(1.5 + 0.6 * resid.shape[1], 1.5 + 0.45 * resid.shape[0])
    ax = fig.subplots()
    limit = max(3.0, float(abs(resid.to_numpy()).max()))
    image = ax.imshow(resid.to_numpy(), cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    ax.set_xticks(range(resid.shape[1]), [_label(c) for c in resid.columns], rotation=45, ha="right")
    ax.set_yticks(range(resid.shape[0]), [str(i) for i in resid.index])
    for (i, j), count in pd.DataFrame(result.observed.to_numpy()).stack().items():
        ax.text(j, i, str(count), ha="center", va="center", fontsize=7)
    fig.colorbar(image, ax=ax, label="调整残差")
    ax.set_title(
        f"集团活动类型比较：χ²={result.chi2:.1f}，p={result.p_value:.2g}，Cramér's V={result.cramers_v:.2f}"
    )
    return save(fig, path)


_LABELS = {"type": "类型", "month": "月份", "week": "周次", "subject": "学科", "school": "学校"}


@lru_cache(maxsize=1)
def type_names() -> dict[str, str]:
    """Taxonomy code -> Chinese name (会议 for meeting), from miner/data/taxonomy.toml."""
    import tomllib
    from importlib import resources

    raw = tomllib.loads(resources.files("miner.data").joinpath("taxonomy.toml").read_text(encoding="utf-8"))
    return {code: str(spec.get("zh", code)) for code, spec in raw.get("types", {}).items()}


def _label(value: object) -> str:
    """A type code shown by its Chinese name; anything else as it is."""
    return type_names().get(str(value), str(value))


def _colours(n: int) -> list[tuple[float, float, float, float]]:
    from matplotlib import colormaps

    cmap = colormaps["tab20"]
    return [cmap(i % 20) for i in range(n)]
