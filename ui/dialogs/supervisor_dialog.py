"""Supervisor sign-off: scan the supervisor badge, type the PIN.

The rule is the domain's :class:`app.supervision.approval.SupervisorApproval`, the one the count
flow uses: the badge is checked when scanned (an operator's badge, or one locked after wrong
PINs, is refused before anyone types a PIN), a wrong PIN forgets the badge, and the lock-out
is :mod:`app.supervision.pins`'. This dialog only draws its answers, and runs it on the store
thread (the PIN check takes a noticeable moment and writes the audit log).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.scanning.gs1 import parse_scan
from app.supervision.approval import ApprovalOutcome, ApprovalState, SupervisorApproval
from ui.store_gateway import Failure, StoreGateway
from ui.store_problems import failure_text
from ui.style import MIN_TOUCH_PX
from ui.texts import message_text, prompt_text


class SupervisorDialog(QDialog):
    answered = Signal()
    """A badge or PIN check came back from the store thread and is shown."""

    def __init__(self, gateway: StoreGateway, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._gateway = gateway
        self._approval = gateway.bind(SupervisorApproval)
        self._checking = False
        self._scanned = ""
        self.badge: str | None = None
        """The badge scanned, once the approval accepted it (then: who signed off)."""
        self.setWindowTitle(self.tr("Supervisor sign-off"))
        self.prompt_label = QLabel(self.tr("Supervisor: scan your badge, then type your PIN"))
        self.prompt_label.setObjectName("prompt")
        self.prompt_label.setWordWrap(True)
        self.badge_label = QLabel(self)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("message")
        self.error_label.setWordWrap(True)
        self.pin_input = QLineEdit(self)
        self.pin_input.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_input.setMinimumHeight(MIN_TOUCH_PX)
        self.pin_input.returnPressed.connect(self.accept)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        for button in buttons.buttons():
            button.setMinimumHeight(MIN_TOUCH_PX)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.prompt_label, self.badge_label, self.pin_input, self.error_label):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.pin_input.setFocus()

    def take_scan(self, code: str) -> None:
        """A scan while this dialog is open is the supervisor's badge."""
        if self._checking:
            return
        self._checking = True
        approval, scan = self._approval, parse_scan(code)
        self._scanned = code.strip()
        self._gateway.run(lambda: approval.on_scan(scan), self._badge_checked, self._failed)

    def _badge_checked(self, outcome: ApprovalOutcome) -> None:
        self._checking = False
        self._show(outcome)
        if outcome.refusal is None:
            self.error_label.clear()
        self.pin_input.setFocus()
        self.answered.emit()

    def accept(self) -> None:
        if self._checking:
            return
        if self._approval.state is not ApprovalState.WAITING_PIN:
            self._show(ApprovalOutcome())
            self.error_label.setText(self.tr("Scan an active supervisor's badge first."))
            return
        self._checking = True
        approval, pin = self._approval, self.pin_input.text()
        self.pin_input.clear()
        self._gateway.run(lambda: approval.on_number(pin), self._pin_checked, self._failed)

    def _pin_checked(self, outcome: ApprovalOutcome) -> None:
        self._checking = False
        if outcome.approved_by is not None:
            self.badge = outcome.approved_by
            super().accept()
        else:
            self._show(outcome)
        self.answered.emit()

    def _show(self, outcome: ApprovalOutcome) -> None:
        """The approval's state as it is now: its prompt, the badge it holds, its refusal."""
        waiting_pin = self._approval.state is ApprovalState.WAITING_PIN
        self.prompt_label.setText(prompt_text(self._approval.prompt))
        self.badge = self._scanned if waiting_pin else None
        self.badge_label.setText(
            self.tr("Badge: {badge}").format(badge=self.badge) if self.badge else ""
        )
        if outcome.refusal is not None:
            self.error_label.setText(message_text(outcome.refusal))

    def _failed(self, failure: Failure) -> None:
        self._checking = False
        self.error_label.setText(failure_text(failure))
        self.answered.emit()

    @classmethod
    def ask(cls, gateway: StoreGateway, parent: QWidget | None = None) -> str | None:
        """The signed-off supervisor's badge, or None if cancelled."""
        dialog = cls(gateway, parent)
        approved = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.badge if approved else None
