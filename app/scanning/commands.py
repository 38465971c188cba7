"""Command barcodes: every floor action can be triggered by scanning a printed code.

The codes are fixed strings so a laminated sheet printed years ago still works; they start
with ``CMD:`` so no SKU, bin or badge code can be mistaken for one.
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
    QC_PASS = "CMD:QC:PASS"
    QC_FAIL = "CMD:QC:FAIL"
    NEW_TRACKING = "CMD:TRACKING:NEW"
    LOGOUT = "CMD:LOGOUT"


# English labels for the printed sheet and the docs; the UI shows its own translated ones.
COMMAND_LABELS: dict[Command, str] = {
    Command.NEXT_TASK: "Next task",
    Command.CONFIRM: "Confirm",
    Command.SHORT: "Short (not enough in bin)",
    Command.SKIP: "Skip this step",
    Command.CANCEL: "Cancel",
    Command.UNDO: "Undo last scan",
    Command.UNPICK: "Take back picked units",
    Command.MODE_PICK: "Switch to pick",
    Command.MODE_PACK: "Switch to pack",
    Command.MODE_RECEIVE: "Switch to receive",
    Command.MODE_COUNT: "Switch to count",
    Command.MODE_TASKS: "Show task list",
    Command.QC_PASS: "QC pass",
    Command.QC_FAIL: "QC fail",
    Command.NEW_TRACKING: "Generate tracking number",
    Command.LOGOUT: "Log out",
}

COMMAND_LABELS_ZH: dict[Command, str] = {
    Command.NEXT_TASK: "下一个任务",
    Command.CONFIRM: "确认",
    Command.SHORT: "缺货（库位数量不足）",
    Command.SKIP: "跳过此步",
    Command.CANCEL: "取消",
    Command.UNDO: "撤销上一次扫描",
    Command.UNPICK: "退回已拣商品",
    Command.MODE_PICK: "切换到拣货",
    Command.MODE_PACK: "切换到打包",
    Command.MODE_RECEIVE: "切换到收货",
    Command.MODE_COUNT: "切换到盘点",
    Command.MODE_TASKS: "显示任务列表",
    Command.QC_PASS: "质检合格",
    Command.QC_FAIL: "质检不合格",
    Command.NEW_TRACKING: "生成运单号",
    Command.LOGOUT: "退出登录",
}


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
