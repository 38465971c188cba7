"""What the sync engine needs from the station store (``local_db.store.Store`` provides it).

A Protocol rather than an import keeps ``sync`` testable on its own and states the whole
dependency in one place: short write transactions, and read sessions.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from sqlalchemy.orm import Session


class UnitOfWorkLike(Protocol):
    @property
    def session(self) -> Session: ...

    def commit(self) -> None: ...


class StoreLike(Protocol):
    def unit_of_work(self) -> AbstractContextManager[UnitOfWorkLike]: ...

    def read_session(self) -> AbstractContextManager[Session]: ...
