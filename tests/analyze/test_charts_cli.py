"""Charts with Chinese labels, the `miner analyze` commands and Datasette on the research corpus."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from miner import analyze
from miner.analyze import charts
from miner.analyze.browse import datasette_command, write_metadata
from miner.cli.app import app
from miner.errors import MinerError


def _not_blank(path: Path) -> None:
    import matplotlib.image

    pixels = matplotlib.image.imread(path)
    assert pixels.shape[0] > 200 and pixels.shape[1] > 200
    ink = (pixels[..., :3].mean(axis=2) < 0.9).mean()
    assert 0.01 < ink < 0.95, f"{path.name}: {ink:.3f} of the pixels are not white"


@pytest.fixture()
def no_missing_glyphs():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert not missing, missing[:3]


def test_charts_draw_every_analysis_with_chinese_glyphs(research, tmp_path, no_missing_glyphs) -> None:
    assert "CJK" in charts.cjk_font() or "Hei" in charts.cjk_font()
    drawn = [
        charts.plot_profile(analyze.profile(research.db), tmp_path / "profile.png"),
        charts.plot_network(analyze.network(research.db), tmp_path / "network.png"),
        charts.plot_keywords(analyze.keywords(research.db, top=8), tmp_path / "keywords.png"),
        charts.plot_fulfilment(analyze.fulfilment(research.db), tmp_path / "fulfilment.png"),
        charts.plot_comparison(analyze.compare_groups(research.db), tmp_path / "compare.png"),
    ]
    for path in drawn:
        _not_blank(path)
    svg = charts.plot_profile(analyze.profile(research.db, by="month"), tmp_path / "months.svg", by="month")
    assert svg.read_text(encoding="utf-8").startswith("<?xml") and "<path" in svg.read_text(encoding="utf-8")
    with pytest.raises(MinerError, match="png or .svg"):
        charts.plot_profile(analyze.profile(research.db), tmp_path / "profile.gif")


def test_chart_labels_types_by_their_chinese_names() -> None:
    names = charts.type_names()
    assert names["joint_research"] == "联合教研" and names["meeting"] == "会议"


@pytest.mark.parametrize(
    "args, columns",
    [
        (["profile", "--by", "type"], ["group", "period", "type", "count", "share"]),
        (["profile", "--by", "school"], ["group", "school", "activities", "hosted", "share"]),
        (
            ["network"],
            ["school", "groups", "activities", "partners", "weighted_degree", "betweenness", "eigenvector"],
        ),
        (["keywords", "--top", "5"], ["group", "rank", "word", "tfidf", "count"]),
        (
            ["fulfilment", "--by", "group"],
            ["group", "planned", "done", "shifted", "not_reported", "unplanned", "fulfilment", "on_time"],
        ),
        (["compare"], ["group", "type", "observed", "expected", "share", "residual"]),
    ],
)
def test_cli_analyze_prints_exports_and_plots(research, tmp_path, args, columns) -> None:
    table, chart = tmp_path / "out.csv", tmp_path / "out.png"
    plot = [] if args[:3] == ["profile", "--by", "school"] else ["--plot", str(chart)]
    result = CliRunner().invoke(app, ["analyze", *args, "--db", str(research.db), "--to", str(table), *plot])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(table, encoding="utf-8-sig")
    assert [c for c in frame.columns if c in columns] == columns and len(frame)
    if plot:
        _not_blank(chart)
    xlsx = tmp_path / "out.xlsx"
    assert (
        CliRunner().invoke(app, ["analyze", *args, "--db", str(research.db), "--to", str(xlsx)]).exit_code
        == 0
    )
    assert len(pd.read_excel(xlsx)) == len(frame)


@pytest.mark.parametrize("command", ["profile", "network", "keywords", "fulfilment", "compare"])
def test_cli_analyze_help_has_an_example(command: str) -> None:
    result = CliRunner().invoke(app, ["analyze", command, "--help"])
    assert result.exit_code == 0 and "Example" in result.output and "miner analyze" in result.output


def test_cli_analyze_says_what_is_wrong_without_a_traceback(tmp_path) -> None:
    result = CliRunner().invoke(app, ["analyze", "profile", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no database" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(app, ["analyze", "profile", "--by", "colour", "--db", str(tmp_path / "x.db")])
    assert result.exit_code != 0 and "Traceback" not in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, tries: int = 60) -> bytes:
    for _ in range(tries):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
                return response.read()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"Datasette did not answer {url}")


def test_datasette_serves_the_store_with_descriptions_and_facets(research, tmp_path) -> None:
    pytest.importorskip("datasette")
    meta = write_metadata(research.db, tmp_path / "metadata.json")
    described = json.loads(meta.read_text(encoding="utf-8"))["databases"]["miner"]["tables"]
    assert {"group_name", "period_label", "type", "status"} <= set(described["group_comparison"]["facets"])
    port = _free_port()
    server = subprocess.Popen(
        datasette_command(research.db, meta, port=port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://127.0.0.1:{port}/miner"
        page = json.loads(_get(f"{base}/group_activities.json?_facet=group_name&_facet=type&_size=0"))
        facets = (
            page["facet_results"]["results"] if "results" in page["facet_results"] else page["facet_results"]
        )
        groups = {r["value"]: r["count"] for r in facets["group_name"]["results"]}
        assert set(groups) == set(research.habits)
        planned = analyze.activities_frame(research.db).groupby("group").size()
        assert groups == planned.to_dict()
        html = _get(f"{base}/group_comparison?_facet=status").decode("utf-8")
        assert "Comparison decisions with the type of their activity" in html and "not_reported" in html
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert server.returncode is not None and sys.platform
