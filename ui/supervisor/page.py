"""What every page of the supervisor's console is: a widget built from the store gateway and
the signed-in supervisor's badge, with a title and a way to reload what it shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from ui.store_gateway import StoreGateway
from ui.style import MIN_TOUCH_PX


class ConsolePage(Protocol):
    def title(self) -> str:
        """The page's tab title, translated."""
        ...

    def reload(self) -> None:
        """Re-read what the page shows (off the UI thread, through the gateway)."""
        ...


PageFactory = Callable[[StoreGateway, str, QWidget | None], QWidget]
"""``factory(gateway, supervisor_badge, parent)`` builds a page (a QWidget that is a
:class:`ConsolePage`)."""


def touch_button(parent: QWidget, text: str, action: Callable[[], object]) -> QPushButton:
    """A page's button, big enough for a gloved finger; touch only, so a scanner's Enter
    never lands on it."""
    button = QPushButton(text, parent)
    button.setMinimumHeight(MIN_TOUCH_PX)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(action)
    return button
