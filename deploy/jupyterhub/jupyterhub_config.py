"""JupyterHub for an organisation's workshops: each facilitator's JupyterLab in their own
sessions folder, their screens through Voila, and one address for every phone
(`/services/phones/`). Run `npm ci` here once (the Hub's proxy), then
`jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`. The test suite runs this file as it is
(tests/hub.py), with its own authenticator and spawner set after it.

Settings, from the environment:
  TOOLKIT_HUB_SESSIONS     where the sessions live, a folder per facilitator (/srv/workshops)
  TOOLKIT_HUB_PUBLIC_URL   the address people type, http(s)://HOST[:PORT] (http://127.0.0.1:8000)
  TOOLKIT_HUB_BIND_URL     where the Hub's proxy listens, if not the public address
  TOOLKIT_HUB_PHONES_PORT  the phones' server's port on 127.0.0.1 (8867)
Choose the authenticator and spawner below (the Hub's defaults: system users, PAM)."""

import os
from pathlib import Path

from toolkit.apps.hub import configure

c = get_config()  # type: ignore[name-defined]  # noqa: F821 (given by JupyterHub)

configure(
    c,
    sessions_root=os.environ.get("TOOLKIT_HUB_SESSIONS", "/srv/workshops"),
    public_url=os.environ.get("TOOLKIT_HUB_PUBLIC_URL", "http://127.0.0.1:8000"),
    bind_url=os.environ.get("TOOLKIT_HUB_BIND_URL", ""),
    phones_port=int(os.environ.get("TOOLKIT_HUB_PHONES_PORT", "8867")),
)

# The proxy installed beside this file by `npm ci` (package-lock.json pins it).
proxy = Path(__file__).resolve().parent / "node_modules" / ".bin" / "configurable-http-proxy"
if proxy.exists():
    c.ConfigurableHTTPProxy.command = [str(proxy)]
