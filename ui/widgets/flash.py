"""A full-window green/red flash, readable from a metre away, on every scan answer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

GOOD_COLOR = QColor(0, 170, 60, 210)
BAD_COLOR = QColor(210, 0, 0, 220)
GOOD_MS = 350
# A refusal flashes longer; the reason then stays on screen under it until the next scan.
BAD_MS = 900


class FlashOverlay(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = parent
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("flashOverlay")
        self.color = GOOD_COLOR
        self.kind: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._finish)
        parent.installEventFilter(self)
        self.hide()

    def flash(self, good: bool) -> None:
        self.kind = "good" if good else "bad"
        self.color = GOOD_COLOR if good else BAD_COLOR
        self.setGeometry(self._host.rect())
        self.raise_()
        self.show()
        self.update()
        self._timer.start(GOOD_MS if good else BAD_MS)

    def _finish(self) -> None:
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.color)
        # A big white tick or cross as well: the answer must not rely on colour alone.
        size = min(self.width(), self.height()) // 3
        centre = self.rect().center()
        pen = QPen(QColor("white"), max(size // 8, 4))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        half = size // 2
        if self.kind == "good":
            painter.drawPolyline(
                [
                    QPoint(centre.x() - half, centre.y()),
                    QPoint(centre.x() - half // 4, centre.y() + half * 2 // 3),
                    QPoint(centre.x() + half, centre.y() - half * 2 // 3),
                ]
            )
        else:
            painter.drawLine(
                centre.x() - half, centre.y() - half, centre.x() + half, centre.y() + half
            )
            painter.drawLine(
                centre.x() - half, centre.y() + half, centre.x() + half, centre.y() - half
            )
        painter.end()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._host.rect())
        return False
