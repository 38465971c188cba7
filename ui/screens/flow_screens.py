"""One small screen class per floor flow; each is a StepScreen with its own command buttons."""

from __future__ import annotations

from app.scanning.commands import Command
from ui.screens.step_screen import StepScreen


class PickScreen(StepScreen):
    commands = (
        Command.CONFIRM,
        Command.SHORT,
        Command.SKIP,
        Command.UNDO,
        Command.CANCEL,
        Command.MODE_TASKS,
    )


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
