"""An order another station works shows as such on the task list, not as "To pack"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from app.services import claims
from local_db.models import OutboundOrder
from local_db.store import Store
from tests.flows.picking_helpers import pick_everything
from tests.flows.seed import add_order, add_stock
from ui.models.task_table_model import TaskTableModel
from ui.screens.task_list_screen import TaskListScreen
from ui.store_gateway import StoreGateway


def test_an_order_handled_elsewhere_is_not_shown_as_to_pack(
    qtbot: QtBot, store: Store, gateway: StoreGateway
) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 5)
    add_order(store, "SO-LOST", [("SKU-TEA", 1)])
    pick_everything(store, "SO-LOST", {"SKU-TEA": "4006381333931"})
    with store.unit_of_work() as uow:
        uow.session.query(OutboundOrder).filter_by(order_no="SO-LOST").one().handled_remotely = True
        uow.commit()
    model = TaskTableModel(gateway)
    model.reload()
    with qtbot.waitSignal(model.page_loaded):
        model.fetchMore()
    status = model.data(model.index(0, 1), Qt.ItemDataRole.DisplayRole)
    assert status == "At another station"


def test_the_station_holding_an_order_is_named_in_full_on_the_list(
    qtbot: QtBot, store: Store, gateway: StoreGateway
) -> None:
    """#14: "Taken by <station>" is the status column's whole text (the column is sized to
    its contents) and the tooltip's, however long the station's name."""
    add_stock(store, "A-01-02-03", "SKU-TEA", 5)
    add_order(store, "SO-TAKEN", [("SKU-TEA", 1)])
    name = "Pack line 2 at the north loading dock"
    with store.unit_of_work() as uow:
        claims.record_held(
            uow, "SO-TAKEN", device_id="ST-2", station_name=name, mine=False, lease_expires_at=None
        )
        uow.commit()
    model = TaskTableModel(gateway)
    screen = TaskListScreen(model)
    qtbot.addWidget(screen)
    model.reload()
    with qtbot.waitSignal(model.page_loaded):
        model.fetchMore()
    index = model.index(0, 1)
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == f"Taken by {name}"
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == f"Taken by {name}"
    # The column takes its widest text (the order number's column does the same).
    header = screen.table.horizontalHeader()
    assert header.sectionResizeMode(1) is QHeaderView.ResizeMode.ResizeToContents
