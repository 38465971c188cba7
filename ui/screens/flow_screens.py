"""The UI side of every mode, declared once (:data:`MODE_SCREENS`): its title and screen.

A floor flow's screen is a small StepScreen with its own command buttons. The domain side of
each mode (flow, mode command, prompts and messages) is ``app/flows/registry.py::MODES``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from app.flows.view import FlowView, Mode
from app.scanning.commands import Command
from ui.screens.step_screen import StepScreen


class PickScreen(StepScreen):
    # CMD:UNPICK and CMD:EXCEPTION are scanned from the command sheet: a seventh button would
    # not fit 1024 px.
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
        Command.EXCEPTION,
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


class SupervisorSignInScreen(StepScreen):
    """Badge + PIN before the console opens (the window shows the console after)."""

    commands = (Command.MODE_TASKS,)


class StockScreen(StepScreen):
    """Move and the stock actions (freeze, unfreeze, damage, write-off, found)."""

    commands = (Command.CONFIRM, Command.UNDO, Command.CANCEL, Command.MODE_TASKS)


@dataclass(frozen=True)
class ModeScreen:
    title: Callable[[], str]
    """The mode's name over the screen, in the station's language."""
    screen: type[StepScreen] | None
    """None: log-in and the task list have screens of their own, which the window builds."""


# Literal strings inside translate() calls, so pyside6-lupdate finds every one of them.
MODE_SCREENS: dict[Mode, ModeScreen] = {
    Mode.LOGIN: ModeScreen(lambda: QCoreApplication.translate("Modes", "Log in"), None),
    Mode.TASKS: ModeScreen(lambda: QCoreApplication.translate("Modes", "Task list"), None),
    Mode.PICK: ModeScreen(lambda: QCoreApplication.translate("Modes", "Pick"), PickScreen),
    Mode.PACK: ModeScreen(lambda: QCoreApplication.translate("Modes", "Pack"), PackScreen),
    Mode.RECEIVE: ModeScreen(lambda: QCoreApplication.translate("Modes", "Receive"), ReceiveScreen),
    Mode.COUNT: ModeScreen(lambda: QCoreApplication.translate("Modes", "Count"), CountScreen),
    Mode.SUPERVISOR: ModeScreen(
        lambda: QCoreApplication.translate("Modes", "Supervisor console"), SupervisorSignInScreen
    ),
    Mode.MOVE: ModeScreen(lambda: QCoreApplication.translate("Modes", "Move stock"), StockScreen),
    Mode.FREEZE: ModeScreen(
        lambda: QCoreApplication.translate("Modes", "Freeze (QC hold)"), StockScreen
    ),
    Mode.UNFREEZE: ModeScreen(lambda: QCoreApplication.translate("Modes", "Unfreeze"), StockScreen),
    Mode.DAMAGE: ModeScreen(
        lambda: QCoreApplication.translate("Modes", "Mark damaged"), StockScreen
    ),
    Mode.WRITE_OFF: ModeScreen(
        lambda: QCoreApplication.translate("Modes", "Write off"), StockScreen
    ),
    Mode.FOUND: ModeScreen(lambda: QCoreApplication.translate("Modes", "Found goods"), StockScreen),
}


def mode_title(mode: Mode) -> str:
    return MODE_SCREENS[mode].title()
