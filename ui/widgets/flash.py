"""A full-window green/red flash, readable from a metre away, on every scan answer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPixmap
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
        # The tick and the cross drawn once per window size: a flash then paints one blit,
        # so showing it adds little to the paint that shows the new state under it.
        self._drawn: dict[tuple[str, int, int, float], QPixmap] = {}
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
        kind = self.kind or "bad"
        key = (kind, self.width(), self.height(), self.devicePixelRatioF())
        picture = self._drawn.get(key)
        if picture is None:
            if len(self._drawn) > 4:
                self._drawn.clear()  # the window was resized: old sizes are not needed again
            picture = self._draw(kind, self.size(), self.devicePixelRatioF())
            self._drawn[key] = picture
        painter = QPainter(self)
        painter.drawPixmap(0, 0, picture)
        painter.end()

    @staticmethod
    def _draw(kind: str, area: QSize, ratio: float) -> QPixmap:
        picture = QPixmap(round(area.width() * ratio), round(area.height() * ratio))
        picture.setDevicePixelRatio(ratio)  # sharp on high-density screens too
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        rect = QRect(QPoint(0, 0), area)
        painter.fillRect(rect, GOOD_COLOR if kind == "good" else BAD_COLOR)
        # A big white tick or cross as well: the answer must not rely on colour alone.
        size = min(area.width(), area.height()) // 3
        centre = rect.center()
        pen = QPen(QColor("white"), max(size // 8, 4))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        half = size // 2
        if kind == "good":
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
        return picture

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._host.rect())
        return False
