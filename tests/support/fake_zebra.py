"""A Zebra-class printer on loopback: a real TCP listener that answers ~HS and records the
bytes it is sent (the labels), for the printer tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

# ~HS answer fields (ZPL II manual): string 1 field 2 paper out, 3 pause; string 2 field 3
# head up.
_STRING_3 = b"\x021234,0\x03\r\n"


def host_status(paper_out: bool = False, head_open: bool = False, paused: bool = False) -> bytes:
    first = f"\x02030,{int(paper_out)},{int(paused)},1245,000,0,0,0,000,0,0,0\x03\r\n"
    second = f"\x02000,0,{int(head_open)},0,0,2,4,0,00000000,1,000\x03\r\n"
    return first.encode() + second.encode() + _STRING_3


@dataclass
class FakeZebra:
    port: int
    status: bytes  # b"": never answers ~HS (a hung printer)
    received: bytearray = field(default_factory=bytearray)
    connections: int = 0
    closed: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)
    """Set: the printer goes away (a hung one drops the connection it never answered)."""

    def text(self) -> str:
        """What the printer got since the last call, once the sender closed the connection."""
        assert self.closed.wait(10), "the sender never closed the connection"
        self.closed.clear()
        text = self.received.decode("utf-8")
        self.received.clear()
        return text


@contextmanager
def fake_zebra(status: bytes | None = None) -> Iterator[FakeZebra]:
    listener = socket.create_server(("127.0.0.1", 0))
    printer = FakeZebra(listener.getsockname()[1], host_status() if status is None else status)
    stop = printer.stop

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            printer.connections += 1
            with conn:
                conn.settimeout(0.2)
                while not stop.is_set():
                    try:
                        chunk = conn.recv(65536)
                    except TimeoutError:
                        continue
                    if not chunk:
                        break
                    if chunk.startswith(b"~HS"):
                        if printer.status:
                            conn.sendall(printer.status)
                        chunk = chunk[3:]
                    printer.received += chunk
            printer.closed.set()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield printer
    finally:
        stop.set()
        thread.join()
        listener.close()


@contextmanager
def silent_zebra() -> Iterator[FakeZebra]:
    """Accepts, reads, never answers ~HS."""
    with fake_zebra(status=b"") as printer:
        yield printer


def refused_port() -> int:
    """A loopback port nobody listens on (bound, then closed)."""
    probe = socket.create_server(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()
    return port
