"""A chart for a facilitator's screen, drawn by the browser (toolkit/charts/browser.py)."""

from toolkit.charts.browser import browser_chart

__all__ = ["browser_chart"]
