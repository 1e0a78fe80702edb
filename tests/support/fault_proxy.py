"""A fault-injecting HTTP proxy on loopback, between the station and the real hub: real sockets, real faults.

Each HTTP request the station sends is read whole, then handled as ``rule(method, path, n)`` says (``n`` counts
requests to that path from 1):

- ``"pass"``: forward it, return the hub's answer;
- ``"drop_before"``: close the connection without forwarding (the hub never saw it);
- ``"drop_after"``: forward it, let the hub answer, then close the connection without passing the answer on
  (the hub did the work; the station does not know);
- ``"error500"``: answer 500 without forwarding;
- ``("delay", s)``: forward it, then hold the answer ``s`` seconds (longer than the station's timeout);
- ``"twice"``: forward it twice (the network delivered it twice) and return the second answer;
- a callable: called (e.g. to restart the hub or kill the station), then the request is forwarded.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

Rule = Callable[[str, str, int], Any]


def _read_request(conn: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        rest += chunk
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + rest


class FaultProxy:
    def __init__(self, upstream_port: int, rule: Rule | None = None) -> None:
        self.upstream_port = upstream_port
        self.rule: Rule = rule or (lambda _m, _p, _n: "pass")
        self.seen: list[tuple[str, str, Any]] = []
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._stop = True
        with contextlib.suppress(OSError):
            self._server.close()

    def count(self, path_prefix: str) -> int:
        return sum(1 for _m, p, _a in self.seen if p.startswith(path_prefix))

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30) as up:
            up.sendall(request)
            chunks = []
            while chunk := up.recv(65536):
                chunks.append(chunk)
            return b"".join(chunks)

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            try:
                request = _read_request(conn)
            except OSError:
                return
            if request is None:
                return
            method, path = request.split(b" ", 2)[:2]
            m, p = method.decode(), path.decode().split("?")[0]
            with self._lock:
                self._counts[p] += 1
                action = self.rule(m, p, self._counts[p])
                self.seen.append((m, p, action if not callable(action) else "call"))
            # OSError: the station gave up (timeout) or the hub is down; the station sees a broken connection
            with contextlib.suppress(OSError):
                self._act(conn, request, action)

    def _act(self, conn: socket.socket, request: bytes, action: Any) -> None:
        if callable(action):
            action()
            action = "pass"
        if action == "drop_before":
            return
        if action == "error500":
            body = b'{"error":"internal","message":"injected failure"}'
            conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                         b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
            return
        if action == "twice":
            self._forward(request)
        answer = self._forward(request)
        if action == "drop_after":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            return  # closed with a reset: the answer is lost
        if isinstance(action, tuple) and action[0] == "delay":
            time.sleep(action[1])
        conn.sendall(answer)
