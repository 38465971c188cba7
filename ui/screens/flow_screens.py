"""One small screen class per floor flow; each is a StepScreen with its own command buttons."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.flows.view import FlowView
from app.scanning.commands import Command
from ui.screens.step_screen import StepScreen


class PickScreen(StepScreen):
    # CMD:UNPICK is scanned from the command sheet: a seventh button would not fit 1024 px.
    commands = (
        Command.CONFIRM,
        Command.SHORT,
        Command.SKIP,
        Command.UNDO,
        Command.CANCEL,
        Command.MODE_TASKS,
    )

    def show_view(self, view: FlowView) -> None:
        super().show_view(view)
        if view.order_no:
            # The order being worked heads the step line ("Order SO-1 · Step 2 of 3").
            order = QCoreApplication.translate("PickScreen", "Order {order}").format(
                order=view.order_no
            )
            step = self.step_label.text()
            text = f"{order}  ·  {step}" if view.step_count else order
            if self.step_label.text() != text:
                self.step_label.setText(text)
            self.step_label.show()


class PackScreen(StepScreen):
    commands = (
        Command.CONFIRM,
        Command.NEW_TRACKING,
        Command.UNDO,
        Command.CANCEL,
        Command.MODE_TASKS,
    )


class ReceiveScreen(StepScreen):
    commands = (
        Command.CONFIRM,
        Command.SHORT,
        Command.QC_PASS,
        Command.QC_FAIL,
        Command.UNDO,
        Command.CANCEL,
        Command.MODE_TASKS,
    )


class CountScreen(StepScreen):
    commands = (Command.CONFIRM, Command.UNDO, Command.CANCEL, Command.MODE_TASKS)
