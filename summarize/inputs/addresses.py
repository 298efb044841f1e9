"""Which addresses a fetch may reach: the rule, and connections that enforce it.

The rule is checked twice: on what DNS said before connecting (``web.Fetcher``) and on
the peer of the connected socket (the pools below), so a rebinding resolver or a
redirect cannot reach inside the machine or its network.
"""

from __future__ import annotations

import ipaddress
import socket

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


def address_refusal(ip: str, allow_private: bool) -> str | None:
    """Why connecting to ``ip`` is refused, or None. Link-local is refused even when
    private addresses are allowed: 169.254.169.254 is every cloud's metadata service."""
    try:
        addr = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return f"{ip} is not an IP address"
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    if addr.is_link_local:
        return f"{addr} is a link-local address (cloud metadata and the like)"
    if addr.is_multicast or addr.is_unspecified or (addr.is_reserved and not addr.is_loopback):
        return f"{addr} is not a unicast address"
    if allow_private:
        return None
    if addr.is_loopback:
        return f"{addr} is a loopback address (this machine){_ONLY_IF_ALLOWED}"
    if addr.is_private or not addr.is_global:
        return f"{addr} is a private address{_ONLY_IF_ALLOWED}"
    return None


_ONLY_IF_ALLOWED = "; such addresses are fetched only when private fetching is allowed"


def _permission(ip: str) -> str | None:
    """The run setting that would let ``ip`` be fetched, if any (never for link-local)."""
    return "allow_private" if address_refusal(ip, allow_private=True) is None else None


class _AddressGuard:
    """Checks the connected peer: the address actually reached, whatever DNS said before."""

    allow_private = False

    def _checked(self, sock: socket.socket) -> socket.socket:
        peer = sock.getpeername()[0]
        reason = address_refusal(peer, self.allow_private)
        if reason:
            sock.close()
            raise _RefusedAddress(reason, _permission(peer))
        return sock


class _RefusedAddress(Exception):
    def __init__(self, reason: str, setting: str | None) -> None:
        super().__init__(reason)
        self.setting = setting


def _guarded_pools(allow_private: bool) -> dict[str, type]:
    class _Http(_AddressGuard, HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return self._checked(super()._new_conn())

    class _Https(_AddressGuard, HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            return self._checked(super()._new_conn())

    _Http.allow_private = _Https.allow_private = allow_private

    class _HttpPool(HTTPConnectionPool):
        ConnectionCls = _Http

    class _HttpsPool(HTTPSConnectionPool):
        ConnectionCls = _Https

    return {"http": _HttpPool, "https": _HttpsPool}
