"""The words of every service refusal, by reason (``app.errors.FloorError.reason``).

The UI shows the headline of the error's code, then this text filled with the error's values.
Literal strings inside translate() calls, so pyside6-lupdate finds every one of them;
tests/ui/test_refusal_texts.py checks that every reason raised under app/ is here, with the
same placeholders, and translated.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication


REFUSALS: dict[str, Callable[[], str]] = {
}
