"""A tiny real TCP proxy that cuts every connection after ``cut_after_s``, like a proxy
with a short read timeout in front of the OMS (for the live feed's fallback)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator


class CuttingProxy:
    def __init__(self, target_port: int, cut_after_s: float) -> None:
        self._target = ("127.0.0.1", target_port)
        self._cut_after_s = cut_after_s
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self.cuts = 0
        self._closed = False

    def serve(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def _relay(self, client: socket.socket) -> None:
        upstream = socket.create_connection(self._target)
        deadline = time.monotonic() + self._cut_after_s
        pipes = [
            threading.Thread(target=_pipe, args=(client, upstream), daemon=True),
            threading.Thread(target=_pipe, args=(upstream, client), daemon=True),
        ]
        for pipe in pipes:
            pipe.start()
        for pipe in pipes:
            pipe.join(max(0.0, deadline - time.monotonic()))
        if any(pipe.is_alive() for pipe in pipes):
            self.cuts += 1
        for sock in (client, upstream):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)


@contextlib.contextmanager
def cutting_proxy(target_port: int, cut_after_s: float) -> Iterator[CuttingProxy]:
    proxy = CuttingProxy(target_port, cut_after_s)
    thread = threading.Thread(target=proxy.serve, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.close()
