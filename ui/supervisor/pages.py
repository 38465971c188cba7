"""The console's pages, in the order of their tabs. A new page is one line here."""

from __future__ import annotations

from ui.supervisor.approvals_page import ApprovalsPage
from ui.supervisor.audit_page import AuditTrailPage
from ui.supervisor.board_page import BoardPage
from ui.supervisor.claims_page import ClaimsPage
from ui.supervisor.exceptions_page import ExceptionsPage
from ui.supervisor.page import PageFactory
from ui.supervisor.stock_page import StockInquiryPage
from ui.supervisor.tasks_page import TasksPage

CONSOLE_PAGES: list[PageFactory] = [
    ExceptionsPage,  # first: what needs a decision
    ApprovalsPage,
    TasksPage,
    ClaimsPage,  # order claims (#14): who holds what, blocks, re-assign
    BoardPage,
    AuditTrailPage,
    StockInquiryPage,
]
