"""The console's stock inquiry: scan (or type) a SKU, barcode, bin, batch or serial and see
the stock per bin and batch (on hand, locked, frozen, damaged, available) and its stock card.
Every read runs on the store thread (the gateway)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.queries.stock_card import (
    CARD_PAGE_SIZE,
    CardLine,
    CardPage,
    InquiryKind,
    StockAnswer,
    StockInquiry,
    StockPosition,
    inquire,
    more_card,
)
from ui.dialogs.review_table import fill_row
from ui.store_gateway import Failure, StoreGateway
from ui.store_problems import failure_text
from ui.style import MIN_TOUCH_PX
from ui.supervisor.audit_texts import bucket_text, movement_kind_text, serial_state_text
from ui.supervisor.wide_table import wide_table

GROUP_SEPARATOR = "\x1d"


class StockInquiryPage(QWidget):
    shown = Signal()
    """An answer (or a refusal, or a failure) reached the page."""

    def __init__(
        self, gateway: StoreGateway, supervisor_badge: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._gateway = gateway
        self._supervisor = supervisor_badge
        self._asked = ""
        self._inquiry: StockInquiry | None = None
        self._lines: list[CardLine] = []
        self._next_before: int | None = None
        self.card_page_size = CARD_PAGE_SIZE
        self.scan_edit = QLineEdit(self)
        self.scan_edit.setObjectName("stockScan")
        self.scan_edit.setPlaceholderText(
            self.tr("Scan or type a SKU, barcode, bin, batch or serial number")
        )
        self.scan_edit.setMinimumHeight(MIN_TOUCH_PX)
        self.scan_edit.returnPressed.connect(self.look_up)  # a scan ends with Enter
        self.look_button = self._button(self.tr("Look up"), self.look_up)
        self.headline = QLabel(self)
        self.headline.setObjectName("headline")
        self.headline.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("pageStatus")
        self.message.setWordWrap(True)
        self.positions = wide_table(self.position_titles(), 2, self)
        self.card = wide_table(self.card_titles(), 4, self)
        self.more_button = self._button(self.tr("Show older movements"), self.more)
        self.more_button.setEnabled(False)
        self._lay_out()

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setMinimumHeight(MIN_TOUCH_PX)
        button.clicked.connect(slot)
        return button

    def _lay_out(self) -> None:
        ask = QHBoxLayout()
        ask.addWidget(self.scan_edit, 1)
        ask.addWidget(self.look_button)
        more = QHBoxLayout()
        more.addStretch(1)
        more.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.addLayout(ask)
        layout.addWidget(self.headline)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(self.tr("Stock per bin and batch"), self))
        layout.addWidget(self.positions, 1)
        layout.addWidget(QLabel(self.tr("Stock card (newest first)"), self))
        layout.addWidget(self.card, 2)
        layout.addLayout(more)

    def position_titles(self) -> list[str]:
        return [
            self.tr("Bin"),
            self.tr("SKU"),
            self.tr("Name"),
            self.tr("Batch"),
            self.tr("Expiry"),
            self.tr("On hand"),
            self.tr("Locked"),
            self.tr("Frozen"),
            self.tr("Damaged"),
            self.tr("Available"),
        ]

    def card_titles(self) -> list[str]:
        return [
            self.tr("When"),
            self.tr("Operator"),
            self.tr("What"),
            self.tr("Reference"),
            self.tr("Reason"),
            self.tr("SKU"),
            self.tr("Bin"),
            self.tr("Batch"),
            self.tr("Stock part"),
            self.tr("Change"),
        ]

    # --- the console page -----------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Stock inquiry")

    def reload(self) -> None:
        if self._asked:
            self._ask(self._asked)
        self.scan_edit.setFocus()

    # --- asking ---------------------------------------------------------------------------

    def look_up(self) -> None:
        asked = self.scan_edit.text().strip()
        self.scan_edit.clear()  # ready for the next scan
        if asked:
            self._ask(asked)

    def _ask(self, asked: str) -> None:
        self._asked = asked
        badge, size = self._supervisor, self.card_page_size
        self._gateway.query(
            lambda store: inquire(store, badge, asked, size), self._show_answer, self._failed
        )

    def more(self) -> None:
        inquiry, before, badge = self._inquiry, self._next_before, self._supervisor
        size = self.card_page_size
        if inquiry is None or before is None:
            return
        self._gateway.query(
            lambda store: more_card(store, badge, inquiry, before, size),
            lambda page: self._show_card(page, append=True),
            self._failed,
        )

    # --- showing --------------------------------------------------------------------------

    def _show_answer(self, answer: StockAnswer | None) -> None:
        if answer is None:
            shown = self._asked.replace(GROUP_SEPARATOR, " ")
            self._inquiry = None
            self.headline.clear()
            self.positions.setRowCount(0)
            self._show_card(CardPage([], None), append=False)
            self.message.setText(
                self.tr(
                    "Nothing at this station is called “{code}”. Scan or type a SKU, "
                    "barcode, bin, batch or serial number."
                ).replace("{code}", shown)
            )
            self.shown.emit()
            return
        self._inquiry = answer.inquiry
        self.headline.setText(self.headline_text(answer.inquiry))
        self.positions.setRowCount(len(answer.positions))
        for index, position in enumerate(answer.positions):
            fill_row(self.positions, index, self.position_cells(position))
        self.message.setText(self.tr("No stock here now.") if not answer.positions else "")
        self._show_card(answer.card, append=False)
        self.shown.emit()

    def _show_card(self, page: CardPage, *, append: bool) -> None:
        self._lines = (self._lines if append else []) + page.lines
        self._next_before = page.next_before_seq
        self.more_button.setEnabled(page.next_before_seq is not None)
        self.card.setRowCount(len(self._lines))
        for index, line in enumerate(self._lines):
            fill_row(self.card, index, self.card_cells(line))
        if append:
            self.shown.emit()

    def headline_text(self, inquiry: StockInquiry) -> str:
        if inquiry.kind is InquiryKind.SERIAL:
            return (
                self.tr("Serial {serial}: {state}, SKU {sku} in bin {bin}")
                .replace("{serial}", inquiry.serial_no)
                .replace("{state}", serial_state_text(inquiry.serial_status))
                .replace("{sku}", inquiry.sku_id)
                .replace("{bin}", inquiry.bin or "–")
            )
        if inquiry.kind is InquiryKind.BIN:
            return self.tr("Bin {bin}").replace("{bin}", inquiry.bin)
        if inquiry.kind is InquiryKind.BATCH:
            return self.tr("Batch {batch}").replace("{batch}", inquiry.batch_no)
        return (
            self.tr("SKU {sku} (owner {owner})")
            .replace("{sku}", inquiry.sku_id)
            .replace("{owner}", inquiry.owner_id)
        )

    @staticmethod
    def position_cells(position: StockPosition) -> list[str]:
        return [
            position.bin,
            position.sku_id,
            position.sku_name,
            position.batch_no,
            position.expiry_date.isoformat() if position.expiry_date else "",
            str(position.on_hand),
            str(position.locked),
            str(position.frozen),
            str(position.damaged),
            str(position.available),
        ]

    @staticmethod
    def card_cells(line: CardLine) -> list[str]:
        return [
            line.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            line.operator,
            movement_kind_text(line.kind),
            line.reference,
            line.reason,
            line.sku_id,
            line.bin,
            line.batch_no,
            bucket_text(line.bucket),
            f"{line.delta:+d}",
        ]

    def _failed(self, failure: Failure) -> None:
        self.message.setText(failure_text(failure))
        self.shown.emit()
