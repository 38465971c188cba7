"""The supervisor's live board (issue #13 part 4): what the floor and the sync look like now.

Each part reads one thing in one short read; :func:`read_board` reads them all in one read
transaction, so the figures on the screen agree with each other. Every query walks an index
that exists (see each module), so a refresh stays fast on a large store (bench/board.py).
"""

from __future__ import annotations

from app.queries.board.snapshot import BoardSettings, BoardSnapshot, read_board

__all__ = ["BoardSettings", "BoardSnapshot", "read_board"]
