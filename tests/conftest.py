"""Test-wide settings: Qt offscreen, and an explicit keyring backend per test."""

from __future__ import annotations

import os

# Before any Qt import: the tests run on machines with no screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
