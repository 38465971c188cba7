"""The words of the command barcodes: on the screen's buttons and on the printed sheet.

The one source of a command's label is the table below (English source) and its translation
in resources/translations (zh_CN). The screen shows the label in the station's language; the
printed sheet (app/scanning/command_sheet.py, Qt-free) gets both languages from
:func:`command_sheet_texts`, which reads the same compiled catalogue, so a label reads the
same on the laminated sheet and on the screen.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from app.scanning.command_sheet import SheetTexts
from app.scanning.commands import Command
from ui.resources import translations_dir

log = logging.getLogger("wms.ui")


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Marks ``source`` for pyside6-lupdate, which finds calls by this name (hence the
    upper case); returns it as is. PySide6's own is typed ``object``."""
    return source


_CONTEXT = "Commands"
# Literal strings in QT_TRANSLATE_NOOP, so pyside6-lupdate finds them and the English stays
# reachable whatever language is installed (the printed sheet needs it beside the Chinese).
COMMAND_LABELS: dict[Command, str] = {
    Command.NEXT_TASK: QT_TRANSLATE_NOOP("Commands", "Next task"),
    Command.CONFIRM: QT_TRANSLATE_NOOP("Commands", "Confirm"),
    Command.SHORT: QT_TRANSLATE_NOOP("Commands", "Short (not enough in bin)"),
    Command.SKIP: QT_TRANSLATE_NOOP("Commands", "Skip this step"),
    Command.CANCEL: QT_TRANSLATE_NOOP("Commands", "Cancel"),
    Command.UNDO: QT_TRANSLATE_NOOP("Commands", "Undo last scan"),
    Command.UNPICK: QT_TRANSLATE_NOOP("Commands", "Take back picked units"),
    Command.MODE_PICK: QT_TRANSLATE_NOOP("Commands", "Switch to pick"),
    Command.MODE_PACK: QT_TRANSLATE_NOOP("Commands", "Switch to pack"),
    Command.MODE_RECEIVE: QT_TRANSLATE_NOOP("Commands", "Switch to receive"),
    Command.MODE_COUNT: QT_TRANSLATE_NOOP("Commands", "Switch to count"),
    Command.MODE_TASKS: QT_TRANSLATE_NOOP("Commands", "Show task list"),
    Command.MODE_SUPERVISOR: QT_TRANSLATE_NOOP("Commands", "Supervisor console"),
    Command.MODE_MOVE: QT_TRANSLATE_NOOP("Commands", "Switch to move stock"),
    Command.MODE_FREEZE: QT_TRANSLATE_NOOP("Commands", "Switch to freeze (QC hold)"),
    Command.MODE_UNFREEZE: QT_TRANSLATE_NOOP("Commands", "Switch to unfreeze"),
    Command.MODE_DAMAGE: QT_TRANSLATE_NOOP("Commands", "Switch to mark damaged"),
    Command.MODE_WRITE_OFF: QT_TRANSLATE_NOOP("Commands", "Switch to write off"),
    Command.MODE_FOUND: QT_TRANSLATE_NOOP("Commands", "Switch to found goods"),
    Command.QC_PASS: QT_TRANSLATE_NOOP("Commands", "QC pass"),
    Command.QC_FAIL: QT_TRANSLATE_NOOP("Commands", "QC fail"),
    Command.NEW_TRACKING: QT_TRANSLATE_NOOP("Commands", "Generate tracking number"),
    Command.LOGOUT: QT_TRANSLATE_NOOP("Commands", "Log out"),
    Command.EXCEPTION: QT_TRANSLATE_NOOP("Commands", "Order exception (stop the order)"),
    Command.REPRINT: QT_TRANSLATE_NOOP("Commands", "Reprint labels"),
    Command.LEAVE: QT_TRANSLATE_NOOP("Commands", "Leave order (free it for others)"),
}

_SHEET_CONTEXT = "CommandSheet"
SHEET_TITLE = QT_TRANSLATE_NOOP("CommandSheet", "Command barcodes")

PRINTED_SECOND_LANGUAGE = "zh_CN"
"""The sheet carries English and this language, whatever the station shows."""


def command_label(command: Command) -> str:
    """The long label of a command in the station's language (the sheet's wording)."""
    return QCoreApplication.translate(_CONTEXT, COMMAND_LABELS[command])


def button_label(command: Command) -> str:
    """The short text of a touch button (the printed sheet carries the long one)."""
    labels = {
        Command.CONFIRM: QCoreApplication.translate("Buttons", "Confirm"),
        Command.SHORT: QCoreApplication.translate("Buttons", "Short"),
        Command.SKIP: QCoreApplication.translate("Buttons", "Skip"),
        Command.UNDO: QCoreApplication.translate("Buttons", "Undo"),
        Command.UNPICK: QCoreApplication.translate("Buttons", "Unpick"),
        Command.CANCEL: QCoreApplication.translate("Buttons", "Cancel"),
        Command.MODE_TASKS: QCoreApplication.translate("Buttons", "Task list"),
        Command.QC_PASS: QCoreApplication.translate("Buttons", "QC pass"),
        Command.QC_FAIL: QCoreApplication.translate("Buttons", "QC fail"),
        Command.NEW_TRACKING: QCoreApplication.translate("Buttons", "New tracking no."),
        Command.EXCEPTION: QCoreApplication.translate("Buttons", "Exception"),
    }
    return labels.get(command) or command_label(command)


def command_sheet_texts(directory: Path | None = None) -> SheetTexts:
    """English and Chinese labels for the printed sheet, from the compiled catalogue.

    Works without a QApplication (``wms-floor command-sheet``). Without the compiled .qm
    (a checkout where scripts/build-translations.sh has not run) the sheet is English only.
    """
    catalogue = QTranslator()
    folder = directory or translations_dir()
    if not catalogue.load(f"wms_floor_{PRINTED_SECOND_LANGUAGE}", str(folder)):
        log.warning("no compiled %s translation in %s", PRINTED_SECOND_LANGUAGE, folder)

    def translated(context: str, source: str) -> str:
        return catalogue.translate(context, source) or ""

    return SheetTexts(
        title=(SHEET_TITLE, translated(_SHEET_CONTEXT, SHEET_TITLE)),
        labels={
            command: (source, translated(_CONTEXT, source))
            for command, source in COMMAND_LABELS.items()
        },
    )
