"""What every page of the supervisor's console is: a widget built from the store gateway and
the signed-in supervisor's badge, with a title and a way to reload what it shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QWidget

from ui.store_gateway import StoreGateway


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
