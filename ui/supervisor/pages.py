"""The console's pages, in the order of their tabs. A new page is one line here."""

from __future__ import annotations

from ui.supervisor.exceptions_page import ExceptionsPage
from ui.supervisor.page import PageFactory

CONSOLE_PAGES: list[PageFactory] = [
    ExceptionsPage,  # first: what needs a decision
]
