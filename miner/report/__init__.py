"""The self-contained HTML report of plan versus report, with inline SVG charts."""

from miner.report.build import report_from_pairs, write_report
from miner.report.html import render_report

__all__ = ["render_report", "report_from_pairs", "write_report"]
