"""The supervisor's console: one tab per page of :data:`ui.supervisor.pages.CONSOLE_PAGES`.

The window builds it once badge + PIN have opened supervisor mode (the session's
``SupervisorConsoleFlow``) and drops it when the mode is left, so every opening is signed
for. A page re-reads what it shows when its tab is shown and when the sync status changes;
every read and decision goes through the store gateway, so the console works offline
against the station's own store.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.flows.view import ConsoleSignIn
from app.scanning.commands import Command
from ui.command_texts import button_label
from ui.store_gateway import StoreGateway
from ui.style import MIN_TOUCH_PX
from ui.supervisor.page import PageFactory
from ui.supervisor.pages import CONSOLE_PAGES

# Work in the console keeps the session from its idle log-out; telling it once in this many
# seconds is enough (the idle time-out is minutes).
_ACTIVITY_EVERY_S = 5.0
_INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.KeyPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.Wheel,
}


class SupervisorConsole(QWidget):
    command_chosen = Signal(object)
    """A command button (leave the console): the same as scanning its barcode."""
    activity = Signal()
    """The supervisor works in the console (input that is no scan)."""

    def __init__(
        self,
        gateway: StoreGateway,
        sign_in: ConsoleSignIn,
        parent: QWidget | None = None,
        pages: list[PageFactory] | None = None,
    ) -> None:
        super().__init__(parent)
        self.sign_in = sign_in
        self.signed_in_label = QLabel(self)
        self.signed_in_label.setObjectName("consoleSupervisor")
        self.signed_in_label.setWordWrap(True)
        self.signed_in_label.setText(signed_in_text(sign_in))
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        for factory in CONSOLE_PAGES if pages is None else pages:
            page = factory(gateway, sign_in.badge, self.tabs)
            self.tabs.addTab(page, page.title())  # type: ignore[attr-defined]
        self.tabs.currentChanged.connect(self._tab_shown)
        self.leave_button = QPushButton(button_label(Command.MODE_TASKS), self)
        self.leave_button.setMinimumHeight(MIN_TOUCH_PX)
        self.leave_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.leave_button.clicked.connect(lambda: self.command_chosen.emit(Command.MODE_TASKS))
        header = QHBoxLayout()
        header.addWidget(self.signed_in_label, 1)
        header.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self._last_activity = 0.0
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def pages(self) -> list[QWidget]:
        found = (self.tabs.widget(index) for index in range(self.tabs.count()))
        return [page for page in found if page is not None]

    def show_page(self, page_type: type[QWidget]) -> bool:
        """Brings the first page of this type to the front (False: the console has none)."""
        for index, page in enumerate(self.pages()):
            if isinstance(page, page_type):
                if index == self.tabs.currentIndex():
                    self.reload_current()
                self.tabs.setCurrentIndex(index)
                return True
        return False

    def reload_current(self) -> None:
        """After a sync status change: what the page shows may have changed."""
        page = self.tabs.currentWidget()
        if page is not None:
            page.reload()  # type: ignore[attr-defined]

    def _tab_shown(self, index: int) -> None:
        if index >= 0:
            self.reload_current()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        mine = isinstance(watched, QWidget) and (watched is self or self.isAncestorOf(watched))
        if mine and event.type() in _INPUT_EVENTS:
            now = time.monotonic()
            if now - self._last_activity >= _ACTIVITY_EVERY_S:
                self._last_activity = now
                self.activity.emit()
        return False

    def close_console(self) -> None:
        """The mode was left: stop listening and go (the next opening signs in again)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.hide()
        self.deleteLater()


def signed_in_text(sign_in: ConsoleSignIn) -> str:
    """Who runs the console, said on it: the supervisor, and whose session it is on."""
    if sign_in.operator_name:
        return QCoreApplication.translate(
            "SupervisorConsole",
            "Supervisor {name} ({badge}) runs this console on {operator}'s session",
        ).format(name=sign_in.name, badge=sign_in.badge, operator=sign_in.operator_name)
    return QCoreApplication.translate(
        "SupervisorConsole", "Signed in as supervisor {name} ({badge})"
    ).format(name=sign_in.name, badge=sign_in.badge)
