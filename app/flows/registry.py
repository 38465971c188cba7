"""The flows a station offers, by mode (a mode missing here is refused as unavailable)."""

from __future__ import annotations

from app.flows.base import FlowFactory
from app.flows.count_flow import CountFlow
from app.flows.pack_flow import PackFlow
from app.flows.pick_flow import PickFlow
from app.flows.receive_flow import ReceiveFlow
from app.flows.task_flow import TaskListFlow
from app.flows.view import Mode


def default_flows() -> dict[Mode, FlowFactory]:
    return {
        Mode.TASKS: TaskListFlow,
        Mode.PICK: PickFlow,
        Mode.PACK: PackFlow,
        Mode.COUNT: CountFlow,
        Mode.RECEIVE: ReceiveFlow,
    }
