"""The laptop's address on the local network, found from its own interfaces (nothing is
sent anywhere to find it)."""

from __future__ import annotations

import ipaddress
import socket

import psutil


def lan_address() -> str | None:
    """The first private IPv4 address of an interface that is up, or None."""
    stats = psutil.net_if_stats()
    for name, addresses in psutil.net_if_addrs().items():
        if name in stats and not stats[name].isup:
            continue
        for address in addresses:
            if address.family != socket.AF_INET:
                continue
            ip = ipaddress.ip_address(address.address)
            if ip.is_private and not ip.is_loopback and not ip.is_link_local:
                return str(ip)
    return None
