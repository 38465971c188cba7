"""The station session: who is logged in, which flow is active, and idle log-out.

Every scan and typed number of the station passes through :meth:`StationSession.handle_scan`
/ :meth:`handle_number`. Log-in, log-out and mode switches are handled here; everything else
goes to the active flow. It runs on the station's one store thread, never on the UI thread.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from app.claim_port import ClaimGate
from app.flows.base import Flow, FlowContext, FlowFactory, FlowResult, OperatorInfo, SwitchMode
from app.flows.registry import mode_of_command, mode_resuming
from app.flows.scale_input import ScaleInput, ScaleReading
from app.flows.view import Feedback, FlowView, Message, Mode, Prompt, PromptKey
from app.queries.operators import find_operator
from app.scanning.commands import Command
from app.scanning.gs1 import ParsedScan, ScanKind, parse_scan
from app.services.label_jobs import LabelPrinter, PrintRequest, PrintResult
from app.services.work_in_progress import open_work_of
from local_db.store import Store
from local_db.types import utc_now

log = logging.getLogger("wms.flows")

UNKNOWN_BADGE = Message("unknown_badge")
LOGGED_OUT_IDLE = Message("logged_out_idle")
LOGGED_OUT = Message("logged_out")
MODE_UNAVAILABLE = Message("mode_unavailable")
UNREADABLE = Message("unreadable_barcode")


@dataclass(frozen=True)
class StationView:
    operator: OperatorInfo | None
    flow: FlowView
    revision: int
    """Grows with every answer, so the UI can drop a stale one."""
    print_request: PrintRequest | None = None
    """Labels the flow wants printed: the UI hands them to the printing worker (off the
    store thread) and the result back to :meth:`StationSession.handle_print_result`."""


class StationSession:
    def __init__(
        self,
        store: Store,
        warehouse_id: str,
        flows: Mapping[Mode, FlowFactory],
        *,
        idle_logout: dt.timedelta = dt.timedelta(minutes=10),
        count_difference_threshold: int = 5,
        clock: Callable[[], dt.datetime] | None = None,
        over_receipt_tolerance_pct: int = 0,
        carrier_tracking_patterns: Mapping[str, str] | None = None,
        stock_action_threshold: int = 10,
        scale: ScaleInput | None = None,
        weight_tolerance_pct: int = 10,
        weight_tolerance_g: int = 50,
        label_printer: LabelPrinter | None = None,
        claims: ClaimGate | None = None,
    ) -> None:
        self._store = store
        self._warehouse_id = warehouse_id
        self._flows = dict(flows)
        self._idle_logout = idle_logout
        self._count_threshold = count_difference_threshold
        self._over_receipt_tolerance_pct = over_receipt_tolerance_pct
        self._tracking_patterns = dict(carrier_tracking_patterns or {})
        self._stock_action_threshold = stock_action_threshold
        self._label_printer = label_printer
        self._claims = claims
        self._clock = clock or utc_now
        self.scale = scale or ScaleInput(configured=False)
        self._weight_tolerance = (weight_tolerance_pct, weight_tolerance_g)
        self._operator: OperatorInfo | None = None
        self._flow: Flow | None = None
        self._last_activity = self._clock()
        self._revision = 0
        self._last_message: Message | None = None
        self._login_view = FlowView(Mode.LOGIN, Prompt(PromptKey.SCAN_BADGE))

    @property
    def operator(self) -> OperatorInfo | None:
        return self._operator

    def view(self) -> StationView:
        flow_view = self._flow.view() if self._flow is not None else self._login_view
        return self._answer(flow_view)

    def refresh(self) -> StationView:
        """Called after a sync or on a timer: the flow re-reads what may have changed."""
        flow_view = self._flow.refresh() if self._flow is not None else self._login_view
        if flow_view.message is None and self._last_message is not None:
            # The last answer stays readable until the next scan, even across a refresh.
            flow_view = replace(flow_view, message=self._last_message)
        return self._answer(replace(flow_view, feedback=Feedback.NONE))

    def handle_scale(self, reading: ScaleReading) -> StationView:
        """A new reading of the station's scale (not the packer's activity: no idle reset)."""
        self.scale.update(reading)
        scale_changed = getattr(self._flow, "scale_changed", None)
        if callable(scale_changed):
            scale_changed()
        return self.refresh()

    def handle_print_result(self, result: PrintResult) -> StationView:
        """The printing worker's result for a job a flow handed out (not the packer's
        activity: no idle reset). A flow that did not ask for it just shows itself."""
        on_print_result = getattr(self._flow, "on_print_result", None)
        answered = on_print_result(result) if callable(on_print_result) else None
        if not isinstance(answered, FlowView) or answered.feedback is Feedback.NONE:
            return self.refresh()
        self._last_message = answered.message
        return self._answer(answered)

    def handle_scan(self, raw: str) -> StationView:
        view = self._handle_scan(raw)
        self._last_message = view.flow.message
        return view

    def handle_number(self, text: str) -> StationView:
        view = self._handle_number(text)
        self._last_message = view.flow.message
        return view

    def _handle_scan(self, raw: str) -> StationView:
        self._last_activity = self._clock()
        scan = parse_scan(raw)
        if self._operator is None:
            return self._login(scan)
        # Every scan gets a green or red answer, a log-out or mode switch too.
        if scan.command is Command.LOGOUT:
            return self._accepted(self.logout(LOGGED_OUT))
        mode = mode_of_command(scan.command)
        if mode is not None:
            return self._accepted(self.switch_mode(mode))
        assert self._flow is not None
        if scan.problem is not None:
            # The parser's problem is English and technical: logged by the parser, not shown.
            return self._refuse(UNREADABLE)
        if scan.command is not None:
            return self._follow(self._flow.on_command(scan.command))
        return self._follow(self._flow.on_scan(scan))

    def _handle_number(self, text: str) -> StationView:
        self._last_activity = self._clock()
        if self._flow is None:
            return self._answer(self._login_view)
        return self._follow(self._flow.on_number(text))

    def switch_mode(self, mode: Mode, start_with: str | None = None) -> StationView:
        if self._operator is None:
            return self._answer(self._login_view)
        factory = self._flows.get(mode)
        if factory is None:
            return self._refuse(MODE_UNAVAILABLE)
        context = FlowContext(
            store=self._store,
            operator=self._operator,
            warehouse_id=self._warehouse_id,
            count_difference_threshold=self._count_threshold,
            clock=self._clock,
            over_receipt_tolerance_pct=self._over_receipt_tolerance_pct,
            carrier_tracking_patterns=self._tracking_patterns,
            stock_action_threshold=self._stock_action_threshold,
            scale=self.scale,
            weight_tolerance_pct=self._weight_tolerance[0],
            weight_tolerance_g=self._weight_tolerance[1],
            label_printer=self._label_printer,
            claims=self._claims,
        )
        self._flow = factory(context, start_with)
        log.info("mode %s", mode.value)
        return self._answer(self._flow.view())

    def logout(self, reason: Message = LOGGED_OUT) -> StationView:
        if self._operator is not None:
            log.info("operator logged out (%s)", reason.code)
        self._operator = None
        self._flow = None
        self._last_message = reason
        self._login_view = FlowView(Mode.LOGIN, Prompt(PromptKey.SCAN_BADGE), message=reason)
        return self._answer(self._login_view)

    def touch(self) -> None:
        """Work on a screen that sends no scans (the supervisor's console) keeps the session
        from its idle log-out."""
        self._last_activity = self._clock()

    def check_idle(self) -> StationView | None:
        """Log out when idle too long; None when nothing changed."""
        if self._operator is None:
            return None
        if self._clock() - self._last_activity < self._idle_logout:
            return None
        return self.logout(LOGGED_OUT_IDLE)

    def _login(self, scan: ParsedScan) -> StationView:
        operator = None
        if scan.kind is ScanKind.CODE and scan.problem is None:
            operator = find_operator(self._store, scan.code)
        if operator is None:
            self._login_view = FlowView(
                Mode.LOGIN, Prompt(PromptKey.SCAN_BADGE), Feedback.BAD, UNKNOWN_BADGE
            )
            return self._answer(self._login_view)
        self._operator = operator
        log.info("operator %s logged in", operator.badge_code)
        # Unconfirmed work (a receipt, a box, a count) left by a log-out or a crash: back to it.
        work = open_work_of(self._store, operator.badge_code)
        resumed = mode_resuming(work.kind) if work is not None else None
        if work is not None and resumed in self._flows:
            log.info("resuming %s work (%d scans)", work.kind, work.scans)
            view = self.switch_mode(resumed, work.key)
        else:
            view = self.switch_mode(Mode.TASKS)
        return self._answer(_with_feedback(view.flow, Feedback.GOOD))

    def _follow(self, result: FlowResult) -> StationView:
        if isinstance(result, SwitchMode):
            view = self.switch_mode(result.mode, result.order_no)
            return self._answer(_with_feedback(view.flow, Feedback.GOOD))
        if result.feedback is Feedback.NONE:
            # Every scan gets an answer: a step that was simply accepted is a good one.
            result = replace(result, feedback=Feedback.GOOD)
        return self._answer(result)

    def _accepted(self, view: StationView) -> StationView:
        if view.flow.feedback is not Feedback.NONE:
            return view  # e.g. refused: this mode is not available here
        return self._answer(_with_feedback(view.flow, Feedback.GOOD))

    def _refuse(self, message: Message) -> StationView:
        current = self._flow.view() if self._flow is not None else self._login_view
        return self._answer(_with_feedback(current, Feedback.BAD, message))

    def _answer(self, flow_view: FlowView) -> StationView:
        self._revision += 1
        # Labels to print leave with the next answer, whichever it is, exactly once.
        take = getattr(self._flow, "take_print_request", None)
        request = take() if callable(take) else None
        return StationView(self._operator, flow_view, self._revision, request)


def _with_feedback(view: FlowView, feedback: Feedback, message: Message | None = None) -> FlowView:
    return replace(view, feedback=feedback, message=message if message else view.message)
