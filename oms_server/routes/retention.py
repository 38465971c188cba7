"""Admin endpoint of the sync-history prune (#12.11): run it now."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from oms_server.auth import Context, require_admin
from oms_server.routes import responses
from oms_server.schemas import PruneRequest, PruneResult

router = APIRouter(tags=["admin"], dependencies=[Depends(require_admin)])


@router.post("/retention/prune", responses=responses())
def prune_history(context: Context, request: PruneRequest | None = None) -> PruneResult:
    """Prune now what the scheduled daily prune would: feed entries every reading station of
    the warehouse acknowledged and rejected-event records older than ``keep_days``. Accepted
    event ids are never pruned."""
    keep_days = request.keep_days if request is not None else None
    return context.history.prune_now(keep_days)
