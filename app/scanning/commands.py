"""Command barcodes: every floor action can be triggered by scanning a printed code.

The codes are fixed strings so a laminated sheet printed years ago still works; they start
with ``CMD:`` so no SKU, bin or badge code can be mistaken for one. Their labels are words,
kept with every other operator text in the UI's catalogue (ui/command_texts.py and the
translations): the printed sheet gets them from there.
"""

from __future__ import annotations

from enum import StrEnum

COMMAND_PREFIX = "CMD:"
_ASCII_WHITESPACE = " \t\r\n"


class Command(StrEnum):
    NEXT_TASK = "CMD:NEXT"
    CONFIRM = "CMD:CONFIRM"
    SHORT = "CMD:SHORT"
    SKIP = "CMD:SKIP"
    CANCEL = "CMD:CANCEL"
    UNDO = "CMD:UNDO"
    UNPICK = "CMD:UNPICK"
    MODE_PICK = "CMD:MODE:PICK"
    MODE_PACK = "CMD:MODE:PACK"
    MODE_RECEIVE = "CMD:MODE:RECEIVE"
    MODE_COUNT = "CMD:MODE:COUNT"
    MODE_TASKS = "CMD:MODE:TASKS"
    # Short: at the sheet's 0.36 mm modules "CMD:MODE:SUPERVISOR" is wider than its column.
    MODE_SUPERVISOR = "CMD:MODE:SUPER"
    QC_PASS = "CMD:QC:PASS"
    QC_FAIL = "CMD:QC:FAIL"
    NEW_TRACKING = "CMD:TRACKING:NEW"
    LOGOUT = "CMD:LOGOUT"
    # Picking and packing: stop the order for manual handling (seed 000 §5.1), then a number.
    EXCEPTION = "CMD:EXCEPTION"
    # Packing: print the order's labels again (a shipped order's: with a supervisor).
    REPRINT = "CMD:REPRINT"
    # Picking and packing: leave the order unfinished, its claim free for another station.
    LEAVE = "CMD:LEAVE"
    # Stock actions: last, so they print on a page of their own after the floor's codes.
    MODE_MOVE = "CMD:MODE:MOVE"
    MODE_FREEZE = "CMD:MODE:FREEZE"
    MODE_UNFREEZE = "CMD:MODE:UNFREEZE"
    MODE_DAMAGE = "CMD:MODE:DAMAGE"
    MODE_WRITE_OFF = "CMD:MODE:WRITEOFF"
    MODE_FOUND = "CMD:MODE:FOUND"


def parse_command(code: str) -> Command | None:
    """The command a scanned code stands for, or None when it is not a command barcode.

    ASCII only: ``str.upper`` folds ``ﬁ`` to ``FI`` and ``ı`` to ``I``, so ``cmd:conﬁrm`` or
    ``cmd:confırm`` (a wrong scanner keyboard layout, or a crafted code) would otherwise read
    as ``CMD:CONFIRM``. A printed command barcode is plain ASCII."""
    stripped = code.strip(_ASCII_WHITESPACE)
    if not stripped.isascii():
        return None
    normalised = stripped.upper()
    if not normalised.startswith(COMMAND_PREFIX):
        return None
    try:
        return Command(normalised)
    except ValueError:
        return None
