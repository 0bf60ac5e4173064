"""Only the facilitator reaches the facilitator's screens: a real Voila as `toolkit serve`
runs it refuses a request without the token and one whose Host names another site (DNS
rebinding: a page whose own name resolves to 127.0.0.1), and starts no kernel for either."""

from __future__ import annotations

import http.client
import time
from urllib.parse import urlsplit

import pytest

from devtools.kernels import kernels_of
from toolkit.apps.serving import Served, notebook, voila_server


def _get(origin: Served, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """One GET, following no redirect: the status and where it would go."""
    address = urlsplit(origin)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Served:  # type: ignore[misc]
    from toolkit.records import create_session
    from toolkit.records.templates import find_template

    root = tmp_path_factory.mktemp("access")
    folder = create_session(root / "session", find_template("housing-coproduction"), "Access")
    with voila_server(notebook("projector.ipynb"), folder) as origin:
        yield origin


def test_a_request_without_the_token_is_sent_to_the_login_and_starts_no_kernel(
    served: Served,
) -> None:
    port = urlsplit(served).port
    for path in ("/", "/voila/render/projector.ipynb", "/?token=wrong"):
        status, location = _get(served, path)
        assert status == 302 and "/login" in location, (path, status, location)
    status, location = _get(served, "/api/kernels")  # nor the kernels' API
    assert status == 302 and "/login" in location
    time.sleep(1)
    assert kernels_of(port) == []


def test_a_foreign_host_is_refused_even_with_the_token_and_starts_no_kernel(
    served: Served,
) -> None:
    port = urlsplit(served).port
    with_token = f"/?token={served.token}"
    for host in (f"rebind.example:{port}", "127.0.0.1.nip.io", f"192.0.2.7:{port}"):
        status, _ = _get(served, with_token, {"Host": host})
        assert status == 403, host
    time.sleep(1)
    assert kernels_of(port) == []


def test_the_token_on_this_machine_opens_the_screen(served: Served) -> None:
    for host in (f"127.0.0.1:{urlsplit(served).port}", f"localhost:{urlsplit(served).port}"):
        status, _ = _get(served, f"/?token={served.token}", {"Host": host})
        assert status == 200, host
    assert served.screen_url("console.ipynb", "a=1").endswith(f"?token={served.token}&a=1")


def test_the_team_address_is_answered_with_the_token_and_no_other(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """`serve --team`: Voila also answers requests addressed to this laptop's address on the
    network (here 192.0.2.9, sent to 127.0.0.1: nothing leaves this machine)."""
    from toolkit.records import create_session
    from toolkit.records.templates import find_template

    root = tmp_path_factory.mktemp("team")
    folder = create_session(root / "session", find_template("housing-coproduction"), "Team")
    with voila_server(
        notebook("projector.ipynb"), folder, team_host="192.0.2.9", bind="127.0.0.1"
    ) as team:
        port = urlsplit(team).port
        assert _get(team, f"/?token={team.token}", {"Host": f"192.0.2.9:{port}"})[0] == 200
        status, location = _get(team, "/", {"Host": f"192.0.2.9:{port}"})
        assert status == 302 and "/login" in location  # the token is still asked
        for other in (f"192.0.2.10:{port}", f"rebind.example:{port}"):
            assert _get(team, f"/?token={team.token}", {"Host": other})[0] == 403
