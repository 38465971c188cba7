"""Order claims (#14): which station holds which order (this station's and the others'), a
block of free orders handed to this station ahead of time (before a planned outage, or for a
zone: a lease of 1–72 hours), and re-assigning an order's claim (take it for this station,
or free it). Decisions go to the OMS (app.supervision.claim_decisions) on the store thread,
never the UI thread, and are audited locally."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.flows.view import Feedback
from app.queries.claims import ClaimsPicture, claims_picture
from app.supervision import claim_decisions
from app.supervision.claim_decisions import MAX_BLOCK_HOURS, BlockResult
from station.claims_port import OmsClaimPort
from ui.dialogs.review_table import fill_row, review_table
from ui.store_gateway import Failure, StoreGateway
from ui.store_problems import failure_text
from ui.style import MIN_TOUCH_PX
from ui.supervisor.page import touch_button
from ui.widgets.answer_label import AnswerLabel

DEFAULT_BLOCK_HOURS = 12


class ClaimsPage(QWidget):
    decided = Signal()
    """A decision was answered and the page re-read (tests wait on it)."""
    loaded = Signal()

    def __init__(
        self, gateway: StoreGateway, supervisor_badge: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._gateway = gateway
        self._supervisor = supervisor_badge
        self._picture = ClaimsPicture([], [])
        self.claims_table = review_table(
            [
                self.tr("Order"),
                self.tr("Held by"),
                self.tr("Lease until"),
                self.tr("How"),
            ],
            1,
            self,
        )
        self.free_table = review_table([self.tr("Free order")], 0, self)
        self.free_table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.hours_box = QSpinBox(self)
        self.hours_box.setRange(1, MAX_BLOCK_HOURS)
        self.hours_box.setValue(DEFAULT_BLOCK_HOURS)
        self.hours_box.setSuffix(self.tr(" h"))
        self.hours_box.setMinimumHeight(MIN_TOUCH_PX)
        self.block_button = touch_button(
            self, self.tr("Hand this station the block"), self.hand_block
        )
        self.take_button = touch_button(self, self.tr("Take for this station"), self.take)
        self.free_button = touch_button(self, self.tr("Free the order"), self.free)
        # Green for a decision carried out, red for one refused (not every answer in red).
        self.message_label = AnswerLabel(self)
        self._lay_out()
        self.reload()

    def _lay_out(self) -> None:
        tables = QVBoxLayout()
        tables.addWidget(QLabel(self.tr("Claims this station knows:"), self))
        tables.addWidget(self.claims_table, 2)
        tables.addWidget(QLabel(self.tr("Orders no station holds:"), self))
        tables.addWidget(self.free_table, 1)
        controls = QGridLayout()
        controls.addWidget(QLabel(self.tr("Lease of a block:"), self), 0, 0)
        controls.addWidget(self.hours_box, 0, 1)
        controls.addWidget(self.block_button, 1, 0, 1, 2)
        controls.addWidget(self.take_button, 2, 0, 1, 2)
        controls.addWidget(self.free_button, 3, 0, 1, 2)
        controls.addWidget(self.message_label, 4, 0, 1, 2)
        controls.setRowStretch(5, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(tables, 1)
        layout.addLayout(controls)

    def title(self) -> str:
        return self.tr("Claims")

    # --- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        self._gateway.query(claims_picture, self._show, self._failed)

    def _show(self, picture: ClaimsPicture) -> None:
        self._picture = picture
        hows = {
            "ONLINE": self.tr("claimed"),
            "BLOCK": self.tr("block"),
            "OFFLINE_START": self.tr("started offline"),
            "HANDOVER": self.tr("handed over"),
        }
        self.claims_table.setRowCount(len(picture.claims))
        for row, claim in enumerate(picture.claims):
            holder = claim.holder_station_name or claim.holder_device_id
            if claim.mine:
                holder = self.tr("this station")
            if claim.pending_release:
                holder = self.tr("this station (leaving, not sent yet)")
            lease = claim.lease_expires_at
            until = "—" if lease is None else lease.astimezone().strftime("%m-%d %H:%M")
            fill_row(
                self.claims_table,
                row,
                [claim.order_no, holder, until, hows.get(claim.granted_how, claim.granted_how)],
            )
        # The rows moved: an old selection would name another order.
        self.claims_table.clearSelection()
        self.free_table.clearSelection()
        self.free_table.setRowCount(len(picture.free_orders))
        for row, order_no in enumerate(picture.free_orders):
            fill_row(self.free_table, row, [order_no])
        self.loaded.emit()

    def _selected_claim(self) -> str | None:
        rows = self.claims_table.selectionModel().selectedRows()
        if rows:
            return self._picture.claims[rows[0].row()].order_no
        free = self._selected_free()
        return free[0] if len(free) == 1 else None

    def _selected_free(self) -> list[str]:
        rows = self.free_table.selectionModel().selectedRows()
        return [self._picture.free_orders[index.row()] for index in rows]

    # --- decisions -------------------------------------------------------------------------

    def hand_block(self) -> None:
        orders, hours, badge = self._selected_free(), self.hours_box.value(), self._supervisor

        def run(store: Any) -> BlockResult:
            return claim_decisions.hand_block(store, OmsClaimPort(store), badge, orders, hours)

        self._gateway.command(run, self._block_done, self._failed)

    def _block_done(self, result: BlockResult) -> None:
        text = self.tr("{granted} order(s) are this station's for the block.").format(
            granted=len(result.granted)
        )
        if result.refused:
            text += " " + self.tr("Not handed (another station holds them, or closed): {orders}")
            text = text.format(orders=", ".join(result.refused))
        self._decided(text)

    def take(self) -> None:
        self._reassign(take=True)

    def free(self) -> None:
        self._reassign(take=False)

    def _reassign(self, *, take: bool) -> None:
        order_no, badge = self._selected_claim(), self._supervisor
        if order_no is None:
            self.message_label.show_answer(self.tr("Select an order first."), Feedback.BAD)
            return

        def run(store: Any) -> Any:
            port = OmsClaimPort(store)
            claim_decisions.reassign(store, port, badge, order_no, take=take)

        done = (
            self.tr("Order {order} is this station's now.")
            if take
            else self.tr("Order {order} is free for any station.")
        ).format(order=order_no)
        self._gateway.command(run, lambda _result: self._decided(done), self._failed)

    def _decided(self, text: str) -> None:
        self.message_label.show_answer(text, Feedback.GOOD)
        self._gateway.query(claims_picture, self._after_decision, self._failed)

    def _after_decision(self, picture: ClaimsPicture) -> None:
        self._show(picture)
        self.decided.emit()

    def _failed(self, failure: Failure) -> None:
        self.message_label.show_answer(failure_text(failure), Feedback.BAD)
