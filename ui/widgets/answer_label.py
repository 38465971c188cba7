"""The last answer to a scan, in the answer's colour: green for good, red for a refusal.

It stays until the next answer. A refresh (a sync, the timer) shows the same text again with
no feedback of its own; the text then keeps the colour of the answer it belongs to.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.flows.view import Feedback

TONES = ("good", "bad", "neutral")


class AnswerLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message")
        self.setWordWrap(True)
        self.tone = ""
        self._set_tone("neutral")
        self.hide()

    def show_answer(self, text: str, feedback: Feedback) -> None:
        if feedback is Feedback.GOOD:
            tone = "good"
        elif feedback is Feedback.BAD:
            tone = "bad"
        elif text and text == self.text():
            tone = self.tone  # the same answer, shown again by a refresh
        else:
            tone = "neutral"  # a text no scan answered (e.g. logged out after being idle)
        self._set_tone(tone)
        if self.text() != text:
            self.setText(text)
        # No answer yet: no empty line taking room from the list or the step.
        self.setVisible(bool(text))

    def _set_tone(self, tone: str) -> None:
        if tone == self.tone:
            return  # re-polishing applies the style sheet again: only when the colour changes
        self.tone = tone
        self.setProperty("tone", tone)
        self.style().unpolish(self)
        self.style().polish(self)
