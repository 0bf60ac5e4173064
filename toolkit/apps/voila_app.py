"""Voila as the toolkit runs it: `python -m toolkit.apps.voila_app` takes Voila's arguments.

The facilitator's screens answer only requests whose `Host` is this machine by address
(127.0.0.1, ::1) or as `localhost`: a web page whose own name resolves to 127.0.0.1 (DNS
rebinding) is refused before anything else, as Jupyter's own server does; the token
(`--token`, Jupyter's login) is asked next, and no kernel starts for a request that fails
either.

And each page's response sets Jupyter's `_xsrf` cookie. Voila's page already
asks, on `beforeunload`, for its kernel to be shut down, sending that cookie's value as the
`_xsrf` field; but Voila's page handler never sets the cookie, so the request was refused
403 and a reloaded or closed screen's kernel lived on until culled (voila issue 1458). With
the cookie set, the request passes Jupyter's XSRF check, which stays on: a request must
come from the page's own origin and carry the value that only the page's origin can read.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from jupyter_server.base.handlers import JupyterHandler
from tornado.web import RequestHandler
from traitlets.config import Config
from voila.app import Voila

from toolkit.records.ports import TEAM_HOST_ENV


def issue_xsrf_cookie(handler: RequestHandler, notebook: Any, cwd: str) -> None:
    """Voila's prelaunch hook, run before a page's kernel starts and before the response's
    headers are sent: reading `xsrf_token` sets the `_xsrf` cookie (with the server's
    cookie settings, so under its base URL). Returns None: the notebook is not changed.
    (Voila refuses a prelaunch hook together with preheated kernels; the toolkit has none.)"""
    handler.xsrf_token  # noqa: B018 (read for its side effect)


def allow_team_host(address: str) -> None:
    """Also answer requests addressed to `address`, this laptop's address on the local
    network (`toolkit serve --team`: a co-facilitator's laptop, with the same token). An IP
    address cannot be rebound by DNS; Jupyter's check would refuse it as not loopback."""
    checked = JupyterHandler.check_host

    def check_host(self: JupyterHandler) -> bool:
        named = re.match(r"^(.*?)(:\d+)?$", self.request.host)
        return (named is not None and named.group(1).strip("[]") == address) or checked(self)

    # every Voila handler, the kernels' websocket too
    setattr(JupyterHandler, "check_host", check_host)  # noqa: B010


def main(argv: list[str] | None = None) -> None:
    argv = argv if argv is not None else sys.argv[1:]
    if os.environ.get(TEAM_HOST_ENV):
        allow_team_host(os.environ[TEAM_HOST_ENV])
    config = Config()
    config.VoilaConfiguration.prelaunch_hook = issue_xsrf_cookie
    # Voila builds its server with allow_remote_access=True (no check of Host); its
    # tornado_settings are applied over that, and each request reads them. The `_xsrf`
    # cookie is kept under the base URL, as Jupyter's own server keeps it (Voila leaves it
    # at `/`, shared with every other server behind the same proxy).
    base_url = next((a.split("=", 1)[1] for a in argv if a.startswith("--Voila.base_url=")), "/")
    config.Voila.tornado_settings = {"allow_remote_access": False, "local_hostnames": ["localhost"],
                                     "xsrf_cookie_kwargs": {"path": base_url}}  # fmt: skip
    Voila.launch_instance(argv, config=config)


if __name__ == "__main__":
    main()
