"""The station's modes, each declared once: its flow, the barcode that opens it, what it shows.

Everything else about a mode is derived from :data:`MODES`: the flows a station offers
(:func:`default_flows`), the mode commands the session obeys (:func:`mode_of_command`), the
mode that unfinished work resumes in (:func:`mode_resuming`). The UI declares its side once
too (screen and title, ``ui/screens/flow_screens.py::MODE_SCREENS``); the words of every
prompt and message are in ``ui/texts.py`` and the translations. Tests check that every mode
has one declaration on each side, that ``prompts``/``messages`` hold every code the mode's
flow can show (read from its source), and that each has its text in English and Chinese.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.flows.base import FlowFactory
from app.flows.claim_step import CLAIM_MESSAGES
from app.flows.count_flow import CountFlow
from app.flows.move_flow import MoveFlow
from app.flows.pack_flow import PackFlow
from app.flows.pick_flow import PickFlow
from app.flows.receive_flow import ReceiveFlow
from app.flows.stock_action_flow import (
    DamageFlow,
    FoundFlow,
    FreezeFlow,
    UnfreezeFlow,
    WriteOffFlow,
)
from app.flows.supervisor_flow import SupervisorConsoleFlow
from app.flows.task_flow import TaskListFlow
from app.flows.view import Mode, PromptKey
from app.scanning.commands import Command
from app.services.work_in_progress import WorkKind


@dataclass(frozen=True)
class ModeSpec:
    mode: Mode
    flow: FlowFactory | None
    """None for log-in only: the session itself asks for the badge."""
    command: Command | None
    """The command barcode that switches to this mode (None: log-in, by badge)."""
    prompts: frozenset[PromptKey]
    messages: frozenset[str]
    """Message codes the mode's flow answers with (service refusals travel as error codes)."""
    resumes: WorkKind | None = None
    """Unconfirmed work of this kind, left by a log-out or a crash, reopens this mode."""


def _codes(codes: str) -> frozenset[str]:
    return frozenset(codes.split())


def _prompts(keys: str) -> frozenset[PromptKey]:
    return frozenset(PromptKey(key) for key in keys.split())


# Answers a scan flow gives whatever it is doing (typed numbers, undo, a command out of place).
_STEP_ANSWERS = _codes("command_not_here undone unknown_item type_number_now")
_SUPERVISOR_SIGN_OFF = _codes("not_a_supervisor wrong_pin supervisor_locked")
# CMD:EXCEPTION on the pick and pack screens (app/flows/exception_step.py).
_EXCEPTION_STEP = _prompts("type_exception_reason")
_EXCEPTION_ANSWERS = _codes("order_exception_raised bad_exception_reason")
# Move and the stock actions: bin, item, batch, quantity (app/flows/stock_steps.py).
_STOCK_STEPS = _prompts(
    "scan_stock_bin scan_stock_item scan_expiry scan_move_serials type_stock_quantity "
    "confirm_stock_action"
)
_STOCK_ANSWERS = (
    _codes(
        "unknown_bin not_in_bin batch_not_in_bin too_few_here batch_expiry_unknown "
        "serial_not_in_bin serial_one_by_one serial_twice serials_first stock_action_cancelled "
        "type_after_scan bad_number number_too_large nothing_to_undo_pack bad_batch "
        "batch_is_badge batch_is_bin batch_is_command batch_is_item batch_is_order"
    )
    | _STEP_ANSWERS
)


def _stock_action(mode: Mode, flow: FlowFactory, command: Command) -> ModeSpec:
    """Freeze, unfreeze, damage, write-off, found: one flow module, one set of codes."""
    return ModeSpec(
        mode,
        flow=flow,
        command=command,
        prompts=_STOCK_STEPS
        | _prompts(
            "type_freeze_reason type_unfreeze_reason type_damage_reason type_write_off_reason "
            "type_found_reason scan_supervisor_badge type_supervisor_pin"
        ),
        messages=_STOCK_ANSWERS
        | _SUPERVISOR_SIGN_OFF
        | _codes(
            "bad_stock_reason stock_action_needs_supervisor stock_frozen stock_unfrozen "
            "stock_damaged stock_written_off stock_found"
        ),
    )


MODES: tuple[ModeSpec, ...] = (
    ModeSpec(
        Mode.LOGIN,
        flow=None,
        command=None,
        prompts=_prompts("scan_badge"),
        # The session's own answers; the last two can come in any mode.
        messages=_codes(
            "unknown_badge logged_out logged_out_idle mode_unavailable unreadable_barcode"
        ),
    ),
    ModeSpec(
        Mode.TASKS,
        flow=TaskListFlow,
        command=Command.MODE_TASKS,
        prompts=_prompts("scan_order_or_next no_work"),
        messages=_codes(
            "command_not_here no_work unknown_order order_cancelled order_held "
            "order_shipped order_elsewhere order_claimed_elsewhere order_claim_closed "
            "order_unclaimed_offline"
        ),
    ),
    ModeSpec(
        Mode.PICK,
        flow=PickFlow,
        command=Command.MODE_PICK,
        prompts=_prompts(
            "no_work scan_bin scan_item scan_batch scan_serial type_short_reason put_back "
            "order_done scan_unpick_item"
        )
        | _EXCEPTION_STEP,
        messages=_codes(
            "wrong_bin wrong_item picked short_recorded skipped order_picked "
            "order_cancelled order_cancelled_notice order_taken_elsewhere "
            "order_lost_notice put_back_done put_back_finished unpicked unpick_on "
            "unpick_off nothing_to_undo_pick type_after_scan serial_one_by_one bad_number "
            "number_too_large bad_short_reason finish_first nothing_to_confirm "
            "order_assigned_to_other " + CLAIM_MESSAGES
        )
        | _STEP_ANSWERS
        | _EXCEPTION_ANSWERS,
    ),
    ModeSpec(
        Mode.PACK,
        flow=PackFlow,
        command=Command.MODE_PACK,
        prompts=_prompts(
            "scan_pack_order scan_pack_units type_weight weigh_package type_package_count "
            "scan_tracking put_back flow_done printing_labels retry_labels scan_supervisor_badge "
            "type_supervisor_pin"
        )
        | _EXCEPTION_STEP,
        messages=_codes(
            "unknown_order not_packable not_in_order too_many unit_packed packed shipped "
            "bad_weight bad_count nothing_to_undo_pack work_resumed "
            "order_cancelled_notice put_back_done tracking_is_item tracking_is_bin "
            "tracking_is_order tracking_is_badge tracking_is_command tracking_is_gs1 tracking_used "
            "tracking_wrong_format tracking_not_plausible scale_not_stable weigh_on_scale "
            "scale_fault weighed weight_off_expected labels_printed labels_not_printed "
            "labels_reprinted labels_not_reprinted labels_printing reprint_which_order "
            "reprint_not_shipped_yet" + " " + CLAIM_MESSAGES
        )
        | _STEP_ANSWERS
        | _SUPERVISOR_SIGN_OFF
        | _EXCEPTION_ANSWERS,
        resumes="pack",
    ),
    ModeSpec(
        Mode.RECEIVE,
        flow=ReceiveFlow,
        command=Command.MODE_RECEIVE,
        prompts=_prompts(
            "scan_inbound scan_receive_item scan_received_batch type_expiry scan_serial "
            "scan_qc scan_putaway_suggested scan_putaway_bin scan_supervisor_badge "
            "type_supervisor_pin flow_done"
        ),
        messages=_codes(
            "unknown_inbound already_received not_on_inbound received_unit receipt_booked "
            "partial_receipt_booked inbound_closed_short nothing_new_to_book no_dock "
            "put_away all_put_away all_put_away_still_open qc_needed "
            "bad_disposition over_receipt_needs_supervisor over_receipt_not_approved "
            "scan_batch_not_item "
            "bad_batch bad_expiry expired_on_receipt type_after_scan bad_number "
            "number_too_large nothing_to_undo_pack work_resumed batch_is_badge batch_is_bin "
            "batch_is_command batch_is_item batch_is_order"
        )
        | _STEP_ANSWERS
        | _SUPERVISOR_SIGN_OFF,
        resumes="receive",
    ),
    ModeSpec(
        Mode.COUNT,
        flow=CountFlow,
        command=Command.MODE_COUNT,
        prompts=_prompts(
            "scan_count_bin scan_count_items scan_expiry scan_supervisor_badge "
            "type_supervisor_pin flow_done"
        ),
        messages=_codes(
            "unknown_bin counted count_booked count_needs_supervisor count_approved "
            "count_left_pending type_after_scan bad_number number_too_large "
            "nothing_to_undo_pack work_resumed bad_batch count_label_first batch_expiry_unknown "
            "batch_is_badge "
            "batch_is_bin batch_is_command batch_is_item batch_is_order"
        )
        | _STEP_ANSWERS
        | _SUPERVISOR_SIGN_OFF,
        resumes="count",
    ),
    ModeSpec(
        Mode.SUPERVISOR,
        flow=SupervisorConsoleFlow,
        command=Command.MODE_SUPERVISOR,
        prompts=_prompts("scan_supervisor_badge type_supervisor_pin console_open"),
        messages=_codes("command_not_here console_opened wrong_pin_again") | _SUPERVISOR_SIGN_OFF,
    ),
    ModeSpec(
        Mode.MOVE,
        flow=MoveFlow,
        command=Command.MODE_MOVE,
        prompts=_STOCK_STEPS | _prompts("scan_move_target"),
        messages=_STOCK_ANSWERS | _codes("same_bin target_frozen stock_moved"),
    ),
    _stock_action(Mode.FREEZE, FreezeFlow, Command.MODE_FREEZE),
    _stock_action(Mode.UNFREEZE, UnfreezeFlow, Command.MODE_UNFREEZE),
    _stock_action(Mode.DAMAGE, DamageFlow, Command.MODE_DAMAGE),
    _stock_action(Mode.WRITE_OFF, WriteOffFlow, Command.MODE_WRITE_OFF),
    _stock_action(Mode.FOUND, FoundFlow, Command.MODE_FOUND),
)

_BY_MODE = {spec.mode: spec for spec in MODES}
_BY_COMMAND = {spec.command: spec.mode for spec in MODES if spec.command is not None}
_BY_WORK: dict[str, Mode] = {spec.resumes: spec.mode for spec in MODES if spec.resumes}


def mode_spec(mode: Mode) -> ModeSpec:
    return _BY_MODE[mode]


def default_flows(modes: Iterable[ModeSpec] = MODES) -> dict[Mode, FlowFactory]:
    """The flows a station offers, by mode (a mode missing here is refused as unavailable)."""
    return {spec.mode: spec.flow for spec in modes if spec.flow is not None}


def mode_of_command(command: Command | None) -> Mode | None:
    """The mode a scanned command switches to, or None when it is not a mode command."""
    return _BY_COMMAND.get(command) if command is not None else None


def mode_resuming(work_kind: str) -> Mode | None:
    """The mode that reopens unconfirmed work of this kind."""
    return _BY_WORK.get(work_kind)
