"""Supervisor sign-off: scan the supervisor badge, type the PIN."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.supervision.pins import SignIn, SignInOutcome, sign_in_supervisor
from local_db.store import Store
from ui.operation import StoreThread
from ui.style import MIN_TOUCH_PX


class SupervisorDialog(QDialog):
    def __init__(
        self, store: Store, parent: QWidget | None = None, worker: StoreThread | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        # PBKDF2 takes a noticeable moment: check the PIN off the UI thread.
        self._own_worker = worker is None
        self._worker = worker or StoreThread(self)
        self._checking = False
        self.badge: str | None = None
        self.setWindowTitle(self.tr("Supervisor sign-off"))
        self.prompt_label = QLabel(self.tr("Supervisor: scan your badge, then type your PIN"))
        self.prompt_label.setObjectName("prompt")
        self.prompt_label.setWordWrap(True)
        self.badge_label = QLabel(self)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("message")
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
        self.badge = code.strip()
        self.badge_label.setText(self.tr("Badge: {badge}").format(badge=self.badge))
        self.error_label.clear()
        self.pin_input.setFocus()

    def accept(self) -> None:
        if self._checking:
            return
        badge, pin = self.badge, self.pin_input.text()
        if not badge:
            self.error_label.setText(self.tr("Scan an active supervisor's badge first."))
            return
        self._checking = True

        def check() -> SignIn:
            return sign_in_supervisor(self._store, badge, pin)

        self._worker.run(check, self._checked)

    def _checked(self, result: SignIn) -> None:
        self._checking = False
        if result.outcome is SignInOutcome.APPROVED:
            super().accept()
            return
        self.pin_input.clear()
        if result.outcome is SignInOutcome.NOT_A_SUPERVISOR:
            self.error_label.setText(self.tr("Scan an active supervisor's badge first."))
        elif result.outcome is SignInOutcome.LOCKED:
            self.error_label.setText(
                self.tr("Too many wrong PINs: badge {badge} is locked for {seconds} s.").format(
                    badge=result.badge, seconds=result.locked_for_s
                )
            )
        else:
            self.error_label.setText(self.tr("Wrong PIN."))

    def done(self, result: int) -> None:
        if self._own_worker:
            self._worker.shutdown()
        super().done(result)

    @classmethod
    def ask(
        cls, store: Store, parent: QWidget | None = None, worker: StoreThread | None = None
    ) -> str | None:
        """The signed-off supervisor's badge, or None if cancelled."""
        dialog = cls(store, parent, worker)
        approved = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.badge if approved else None
