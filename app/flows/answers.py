"""The answer to the last scan that every scan flow keeps and shows with its view."""

from __future__ import annotations

from app.flows.view import Feedback, FlowView, Message, Mode, Prompt


class AnsweringFlow:
    """Base of the scan flows: remembers good/bad and the message of the last answer, so a
    refusal stays readable until the next scan, and builds views for the flow's mode."""

    mode: Mode

    def __init__(self) -> None:
        self._feedback = Feedback.NONE
        self._message: Message | None = None

    def view(self) -> FlowView:
        raise NotImplementedError

    def _make(self, prompt: Prompt, **fields: object) -> FlowView:
        return FlowView(
            self.mode,
            prompt,
            feedback=self._feedback,
            message=self._message,
            **fields,  # type: ignore[arg-type]
        )

    def _answer(self, good: bool, message: Message | None = None) -> FlowView:
        self._feedback = Feedback.GOOD if good else Feedback.BAD
        self._message = message
        return self.view()
