"""What every route needs: the database, the admin key, the fault switch."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from oms_server.db import Database
from oms_server.faults import FaultInjector


@dataclass(frozen=True)
class ServerContext:
    db: Database
    admin_key: str
    faults: FaultInjector | None


def server_context(request: Request) -> ServerContext:
    context = request.app.state.oms
    assert isinstance(context, ServerContext)
    return context
