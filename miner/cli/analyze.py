"""`miner analyze …`: research tables over the whole store (profiles, networks, keywords, fulfilment,
group comparisons), each printed, exported with --to and drawn with --plot."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from miner.cli.app import DEFAULT_DB, DbOption, DebugOption, app, console, out, run, setup

if TYPE_CHECKING:
    import pandas as pd

analyze_app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich")
app.add_typer(analyze_app, name="analyze")


@analyze_app.callback()
def analyze_group() -> None:
    """Research analyses across groups and years: profile, network, keywords, fulfilment, compare.

    Each prints a table, --to writes it (.csv/.xlsx), --plot draws it (.png/.svg).

    Example: [bold]miner analyze profile --by type --plot types.png[/]
    """

GroupOption = Annotated[list[str] | None, typer.Option("--group", "-g", help="Only this group (repeatable).")]
PeriodOption = Annotated[
    list[str] | None,
    typer.Option("--period", "-p", help="Only this period, as written (2023学年; repeatable)."),
]
ToOption = Annotated[Path | None, typer.Option("--to", help="Write the table to FILE.csv or FILE.xlsx.")]
PlotOption = Annotated[Path | None, typer.Option("--plot", help="Draw the chart to FILE.png or FILE.svg.")]
MoodOption = Annotated[str, typer.Option("--mood", help="planned (plans), reported (summaries) or all.")]


def _finish(frame: pd.DataFrame, to: Path | None, title: str, rows: int = 40) -> None:
    """Print the first rows, and write the whole table when --to is given."""
    from miner.export import write_frame

    table = Table(title=f"{title} ({len(frame)} rows)")
    for col in frame.columns:
        table.add_column(str(col), justify="right" if frame[col].dtype.kind in "if" else "left")
    for row in frame.head(rows).itertuples(index=False):
        table.add_row(*("" if v is None else str(v) for v in row))
    out.print(table)
    if frame.empty:
        console.print("[yellow]no rows:[/] check --group and --period against `miner documents` (names as "
                      "written), and that the store holds activities of that kind", highlight=False)
    if len(frame) > rows:
        console.print(f"… {len(frame) - rows} more rows" + ("" if to else " (write them all with --to FILE)"))
    if to is not None:
        console.print(f"wrote {run(lambda: write_frame(frame, to))}", highlight=False)


def _plotted(path: Path | None, draw: Callable[[Path], Path]) -> None:
    if path is not None:
        console.print(f"drew {run(lambda: draw(path))}", highlight=False)


def _no_chart(plot: Path | None, what: str) -> None:
    if plot is not None:
        console.print(f"[yellow]no chart is drawn for {what}:[/] {plot} not written", highlight=False)


def _mood(mood: str) -> str | None:
    if mood not in ("planned", "reported", "all"):
        raise typer.BadParameter("--mood is planned, reported or all")
    return None if mood == "all" else mood


@analyze_app.command("profile")
def profile_command(
    by: Annotated[str, typer.Option("--by", help="type | month | week | subject | school")] = "type",
    group: GroupOption = None,
    period: PeriodOption = None,
    mood: MoodOption = "planned",
    whole: Annotated[bool, typer.Option("--whole", help="One row per group over all its periods.")] = False,
    to: ToOption = None,
    plot: PlotOption = None,
    db: DbOption = DEFAULT_DB,
    debug: DebugOption = False,
) -> None:
    """What each group does: activities per group and period by type, month, term week, subject or school.

    With --by school: each school's activities, those it hosts, and its share of the group's.

    Example: [bold]miner analyze profile --by type --plot types.png --to types.xlsx[/]
    """
    setup(debug)
    from miner import analyze
    from miner.analyze import charts

    if by == "school":
        frame = run(lambda: analyze.schools(db, group, period, _mood(mood)))
        _finish(frame, to, "schools: who takes part, who hosts")
        _no_chart(plot, "profile --by school (draw the schools with `miner analyze network --plot`)")
        return
    frame = run(lambda: analyze.profile(db, by, group, period, _mood(mood), per_period=not whole))
    _finish(frame, to, f"profile by {by}")
    _plotted(plot, lambda p: charts.plot_profile(frame, p, by))


@analyze_app.command("network")
def network_command(
    group: GroupOption = None,
    period: PeriodOption = None,
    mood: MoodOption = "all",
    edges: Annotated[
        bool, typer.Option("--edges", help="List the edges (school pairs) instead of schools.")
    ] = False,
    to: ToOption = None,
    plot: PlotOption = None,
    db: DbOption = DEFAULT_DB,
    debug: DebugOption = False,
) -> None:
    """Which schools take part in activities together: a weighted network with centrality per school.

    Example: [bold]miner analyze network --plot network.png --to schools.csv[/]
    """
    setup(debug)
    from miner import analyze
    from miner.analyze import charts

    net = run(lambda: analyze.network(db, group, period, _mood(mood)))
    _finish(net.edges if edges else net.nodes, to, "school pairs" if edges else "schools by centrality")
    _plotted(plot, lambda p: charts.plot_network(net, p))


@analyze_app.command("keywords")
def keywords_command(
    per_period: Annotated[bool, typer.Option("--per-period", help="Keywords per group and period.")] = False,
    top: Annotated[int, typer.Option("--top", help="Words per group.")] = 15,
    themes: Annotated[
        bool, typer.Option("--themes", help="List the themes (quoted titles) instead.")
    ] = False,
    group: GroupOption = None,
    period: PeriodOption = None,
    to: ToOption = None,
    plot: PlotOption = None,
    db: DbOption = DEFAULT_DB,
    debug: DebugOption = False,
) -> None:
    """The words that set each group apart (jieba, TF-IDF against the rest), or the themes each used.

    Stop words: miner/data/stopwords.txt. Example: [bold]miner analyze keywords --top 10 --plot kw.png[/]
    """
    setup(debug)
    from miner import analyze
    from miner.analyze import charts

    if themes:
        _finish(run(lambda: analyze.themes(db, group, period)), to, "themes")
        _no_chart(plot, "keywords --themes")
        return
    by = ("group", "period") if per_period else ("group",)
    frame = run(lambda: analyze.keywords(db, by, top, group, period))
    _finish(frame, to, "keywords")
    _plotted(plot, lambda p: charts.plot_keywords(frame, p, top=min(top, 10)))


@analyze_app.command("fulfilment")
def fulfilment_command(
    by: Annotated[
        list[str] | None,
        typer.Option("--by", help="group | period | type | school (repeatable; default: group and period)"),
    ] = None,
    group: GroupOption = None,
    period: PeriodOption = None,
    to: ToOption = None,
    plot: PlotOption = None,
    db: DbOption = DEFAULT_DB,
    debug: DebugOption = False,
) -> None:
    """Plan fulfilment across groups and years, from the comparison table (run `miner compare` first).

    Example: [bold]miner analyze fulfilment --by group --by period --plot fulfilment.png[/]
    """
    setup(debug)
    from miner import analyze
    from miner.analyze import charts

    frame = run(lambda: analyze.fulfilment(db, by or ("group", "period"), group, period))
    _finish(frame, to, "fulfilment")
    _plotted(plot, lambda p: charts.plot_fulfilment(frame, p))


@analyze_app.command("compare")
def compare_command(
    group: GroupOption = None,
    period: PeriodOption = None,
    mood: MoodOption = "planned",
    to: ToOption = None,
    plot: PlotOption = None,
    db: DbOption = DEFAULT_DB,
    debug: DebugOption = False,
) -> None:
    """Do the groups' activity types differ more than chance? Chi-square, Cramér's V, residuals per cell.

    Example: [bold]miner analyze compare -g 甲教育集团 -g 乙教育集团 --plot residuals.png[/]
    """
    setup(debug)
    from miner import analyze
    from miner.analyze import charts

    result = run(lambda: analyze.compare_groups(db, group, period, _mood(mood)))
    s = result.summary().iloc[0]
    verdict = "differ more than chance" if result.differ else "do not differ more than chance"
    out.print(
        f"{s['groups']} groups, {s['activities']} activities: chi2 = {result.chi2:.2f} "
        f"(dof {result.dof}), p = {result.p_value:.3g}, Cramér's V = {result.cramers_v:.3f}: "
        f"the type distributions {verdict} (5 % level).",
        highlight=False,
    )
    _finish(result.to_pandas().sort_values("residual", ascending=False), to, "groups × types")
    _plotted(plot, lambda p: charts.plot_comparison(result, p))
