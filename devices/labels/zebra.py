"""A Zebra-class printer on raw TCP (port 9100): host status (~HS) first, then the ZPL.

Blocking with a timeout on every step: the caller runs it off the UI thread. A fault is a
:class:`PrinterFault` with a stable ``kind``; the words are the UI's.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from enum import StrEnum

STX, ETX = b"\x02", b"\x03"


class FaultKind(StrEnum):
    NOT_CONFIGURED = "not_configured"
    UNREACHABLE = "unreachable"
    REFUSED = "refused"
    TIMEOUT = "timeout"
    PAPER_OUT = "paper_out"
    HEAD_OPEN = "head_open"
    PAUSED = "paused"
    FAILED = "failed"  # the system printer (PDF path) did not take the job


class PrinterFault(Exception):
    def __init__(self, kind: FaultKind, detail: str = "") -> None:
        super().__init__(f"{kind.value} {detail}".strip())
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class HostStatus:
    paper_out: bool
    paused: bool
    head_open: bool


def parse_host_status(answer: bytes) -> HostStatus:
    """~HS answers three STX..ETX strings: string 1 field 2 = paper out, field 3 = pause;
    string 2 field 3 = head up (ZPL II manual, ~HS)."""
    strings = [part.split(ETX)[0] for part in answer.split(STX)[1:]]
    if len(strings) < 2:
        raise ValueError("incomplete ~HS answer")
    first = strings[0].decode("ascii", "replace").split(",")
    second = strings[1].decode("ascii", "replace").split(",")
    return HostStatus(
        paper_out=first[1].strip() == "1",
        paused=first[2].strip() == "1",
        head_open=second[2].strip() == "1",
    )


def _read_status(conn: socket.socket) -> HostStatus:
    conn.sendall(b"~HS")
    answer = b""
    while answer.count(ETX) < 3:
        chunk = conn.recv(1024)
        if not chunk:
            break
        answer += chunk
    return parse_host_status(answer)


def send_zpl(host: str, port: int, data: bytes, timeout_s: float, check_status: bool) -> None:
    """Sends the labels; raises PrinterFault when they were not (or may not have been) sent."""
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as conn:
            conn.settimeout(timeout_s)
            if check_status:
                try:
                    status = _read_status(conn)
                except ValueError as exc:
                    raise PrinterFault(FaultKind.UNREACHABLE, str(exc)) from None
                if status.head_open:
                    raise PrinterFault(FaultKind.HEAD_OPEN)
                if status.paper_out:
                    raise PrinterFault(FaultKind.PAPER_OUT)
                if status.paused:
                    raise PrinterFault(FaultKind.PAUSED)
            conn.sendall(data)
    except ConnectionRefusedError as exc:
        raise PrinterFault(FaultKind.REFUSED, f"{host}:{port}") from exc
    except TimeoutError as exc:
        raise PrinterFault(FaultKind.TIMEOUT, f"{host}:{port}") from exc
    except OSError as exc:
        raise PrinterFault(FaultKind.UNREACHABLE, f"{host}:{port} {exc}") from exc
