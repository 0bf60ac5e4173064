"""Write the Vega bundle the facilitator's screens and the report draw charts with (Vega,
Vega-Lite and Vega-Embed in one offline file, built by vl-convert for the Vega-Lite version
altair emits).
Run it after upgrading altair: `python -m devtools.vega_bundle`."""

from __future__ import annotations

import re

import altair as alt
import vl_convert

from toolkit.charts.browser import VEGA_BUNDLE as BUNDLE


def vegalite_minor() -> str:
    """The Vega-Lite version altair's charts are written for, as vl-convert names it."""
    match = re.match(r"v?(\d+\.\d+)", alt.SCHEMA_VERSION)
    assert match, alt.SCHEMA_VERSION
    return match.group(1)


def header() -> str:
    return (
        f"/* Vega {vl_convert.get_vega_version()}, Vega-Lite {vegalite_minor()}, Vega-Embed "
        f"{vl_convert.get_vega_embed_version()} (BSD-3-Clause, the Vega project), bundled by "
        f"vl-convert {vl_convert.__version__}: python -m devtools.vega_bundle */\n"
    )


def main() -> None:
    BUNDLE.write_text(header() + vl_convert.javascript_bundle(vl_version=vegalite_minor()))
    print(f"wrote {BUNDLE} ({BUNDLE.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
