"""Bottom status bar (online, pending events, last sync, Sync now) and the sync-failure banner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStatusBar, QWidget

from sync.status import INITIAL_STATUS, KEYRING_UNAVAILABLE, SyncStatus

BANNER_AFTER = dt.timedelta(minutes=3)


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
        self.sync_button = QPushButton(self.tr("Sync now"), self)
        self.sync_button.setObjectName("syncNowButton")
        self.sync_button.setMinimumHeight(48)
        # Touch only: a typed Enter must never land on it.
        self.sync_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sync_button.clicked.connect(self.sync_now_requested)
        for widget in (self.connection_label, self.pending_label, self.last_sync_label):
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
        if status.online:
            self.connection_label.setText(self.tr("● Online"))
            self.connection_label.setProperty("state", "online")
        else:
            self.connection_label.setText(self.tr("● Offline"))
            self.connection_label.setProperty("state", "offline")
        self.connection_label.style().unpolish(self.connection_label)
        self.connection_label.style().polish(self.connection_label)
        self.pending_label.setText(self.tr("Pending events: %n", "", status.pending_count))
        self.rejected_button.setText(
            self.tr("Rejected events: %n (supervisor)", "", status.rejected_count)
        )
        self.rejected_button.setVisible(status.rejected_count > 0)
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
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncBanner")
        self._clock = clock
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label)
        self.hide()

    def show_status(self, status: SyncStatus) -> None:
        if status.reason == KEYRING_UNAVAILABLE:
            # At once, not after minutes: this does not heal by waiting.
            self.label.setText(
                self.tr(
                    "This station cannot open its keyring, where its OMS token is kept, so it "
                    "cannot sync. Keep working: nothing is lost. Call IT (docs/keyring.md)."
                )
            )
            self.show()
            return
        if status.needs_reenrolment:
            self.label.setText(
                self.tr(
                    "This station must be enrolled again before it can sync. Keep working: "
                    "nothing is lost. Call IT or your supervisor."
                )
            )
            self.show()
            return
        failing_since = status.failing_since
        if failing_since is None or self._clock() - failing_since < BANNER_AFTER:
            self.hide()
            return
        text = self.tr(
            "Sync with the OMS has been failing since {time}. Keep working: nothing is lost, "
            "events are sent when the connection is back. Tell your supervisor if this stays."
        ).format(time=_local_time(failing_since))
        if status.last_error:
            text += "\n" + status.last_error
        self.label.setText(text)
        self.show()
