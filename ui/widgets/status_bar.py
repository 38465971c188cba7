"""Bottom status bar (online, pending events, last sync, Sync now) and the sync-failure banner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStatusBar, QWidget

from local_db.types import utc_now
from sync.status import INITIAL_STATUS, OPERATOR_ALERT_AFTER_S, SyncProblem, SyncStatus
from ui.sync_problems import NEEDS_IT, problem_text, update_text

BANNER_AFTER = dt.timedelta(seconds=OPERATOR_ALERT_AFTER_S)


def _local_time(when: dt.datetime) -> str:
    return when.astimezone().strftime("%H:%M:%S")


def last_sync_at(status: SyncStatus) -> dt.datetime | None:
    times = [t for t in (status.last_push_at, status.last_pull_at) if t is not None]
    return max(times) if times else None


class StationStatusBar(QStatusBar):
    sync_now_requested = Signal()
    rejected_review_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stationStatusBar")
        self.setSizeGripEnabled(False)
        self.connection_label = QLabel(self)
        self.pending_label = QLabel(self)
        self.last_sync_label = QLabel(self)
        # An update the OMS asks for (sync.versions): for IT and supervisors, hidden if none.
        self.update_label = QLabel(self)
        self.update_label.setObjectName("updateLabel")
        self.sync_button = QPushButton(self.tr("Sync now"), self)
        self.sync_button.setObjectName("syncNowButton")
        self.sync_button.setMinimumHeight(48)
        # Touch only: a typed Enter must never land on it.
        self.sync_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sync_button.clicked.connect(self.sync_now_requested)
        for widget in (
            self.connection_label,
            self.pending_label,
            self.last_sync_label,
            self.update_label,
        ):
            self.addWidget(widget)
        self.rejected_button = QPushButton(self)
        self.rejected_button.setObjectName("rejectedEventsButton")
        self.rejected_button.setMinimumHeight(48)
        self.rejected_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.rejected_button.clicked.connect(self.rejected_review_requested)
        self.rejected_button.hide()
        self.addPermanentWidget(self.rejected_button)
        self.addPermanentWidget(self.sync_button)
        self.show_status(INITIAL_STATUS)

    def show_status(self, status: SyncStatus) -> None:
        problem = status.problem
        if problem is SyncProblem.NOT_ENROLLED:
            self.connection_label.setText(self.tr("● Not enrolled"))
            self.connection_label.setProperty("state", "offline")
        elif status.online:
            self.connection_label.setText(self.tr("● Online"))
            self.connection_label.setProperty("state", "online")
        else:
            self.connection_label.setText(self.tr("● Offline"))
            self.connection_label.setProperty("state", "offline")
        # The operator's words on the bar, the technical detail for a supervisor who asks.
        tip = problem_text(problem) if problem is not None else ""
        if status.last_error and problem is not None:
            tip += "\n" + status.last_error
        self.connection_label.setToolTip(tip)
        self.connection_label.style().unpolish(self.connection_label)
        self.connection_label.style().polish(self.connection_label)
        self.pending_label.setText(self.tr("Pending events: %n", "", status.pending_count))
        self.rejected_button.setText(
            self.tr("Rejected events: %n (supervisor)", "", status.rejected_count)
        )
        self.rejected_button.setVisible(status.rejected_count > 0)
        self.update_label.setText(update_text(status.update) if status.update else "")
        self.update_label.setVisible(status.update is not None)
        last_sync = last_sync_at(status)
        if last_sync is None:
            self.last_sync_label.setText(self.tr("Last sync: never"))
        else:
            self.last_sync_label.setText(
                self.tr("Last sync: {time}").format(time=_local_time(last_sync))
            )


class SyncBanner(QWidget):
    """Shown across the top when sync has been failing for minutes: work goes on, but tell IT."""

    def __init__(
        self,
        parent: QWidget | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncBanner")
        self._clock = clock
        self.problem: SyncProblem | None = None
        """The reason code the banner shows (tests read it)."""
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label)
        # The engine publishes at its attempts (backing off up to a minute), not when a
        # problem has lasted BANNER_AFTER: the banner looks again at that moment itself.
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._waiting_status: SyncStatus | None = None
        self._recheck.timeout.connect(self._look_again)
        self.hide()

    def _look_again(self) -> None:
        if self._waiting_status is not None:
            self.show_status(self._waiting_status)

    def show_status(self, status: SyncStatus) -> None:
        self._recheck.stop()
        self._waiting_status = None
        problem = status.problem
        failing_since = status.failing_since
        if problem is SyncProblem.NOT_ENROLLED:
            text = problem_text(problem)
        elif problem in NEEDS_IT:
            # Waiting does not mend these: say so at once, with who must act.
            text = self.tr("{problem} Keep working: nothing is lost. Tell your supervisor.")
        elif (
            problem is not None
            and failing_since is not None
            and self._clock() - failing_since >= BANNER_AFTER
        ):
            text = self.tr(
                "{problem} Failing since {time}. Keep working: nothing is lost, events are "
                "sent when the connection is back. Tell your supervisor if this stays."
            ).replace("{time}", _local_time(failing_since))
        else:
            self.problem = None
            self.hide()
            if problem is not None and failing_since is not None:
                due = failing_since + BANNER_AFTER - self._clock()
                self._waiting_status = status
                self._recheck.start(max(0, int(due.total_seconds() * 1000)) + 50)
            return
        self.problem = problem
        text = text.replace("{problem}", problem_text(problem))
        if self.label.text() != text:
            self.label.setText(text)
        self.show()
