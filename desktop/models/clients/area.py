"""The client registry area: its page, import and export on the command line, demo clients."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from desktop.models.core.area import Area, Command, DemoData, Page
from desktop.models.core.labels import Label

if TYPE_CHECKING:
    from desktop.models.core.db import Database

DEMO_CLIENTS = 1000  # demo-data with no option


def demo_default(db: Database, counts: Mapping[str, int | None]) -> int:
    """Clients to add when --clients is not given: a plain ``demo-data`` makes a registry to look at; requests need
    clients only when there are none yet; other data (complaints, plans…) asks for none."""
    from desktop.models.clients.clients import count_clients

    if not any(n for key, n in counts.items() if key != "clients"):
        return DEMO_CLIENTS
    requests = counts.get("requests") or 0
    return max(DEMO_CLIENTS, requests // 5) if requests and not count_clients(db) else 0


AREA = Area(
    name="clients",
    pages=(Page("clients", Label("Clients", "服务对象"), "desktop.views.clients.clients_page:ClientsPage", order=20,
                connects=(("new_request_for_client", "new_request"),)),),
    commands=(Command("clients", "import or export the client registry", "desktop.views.clients.commands"),),
    demo=(DemoData("--clients", "clients to add (default: 1000; with --requests, none if the station has clients, "
                   "else one for every five requests, at least 1000)", "desktop.demo.demo_clients:demo_data",
                   "Added {n} demo clients in {seconds} s.", demo_station=2000,
                   default="desktop.models.clients.area:demo_default"),),
)
