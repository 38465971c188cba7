"""OMS feed → station: apply each page and move the cursor in one commit.

Exactly once: a page's effects, its ``applied_feed_entry`` rows and the new cursor commit
together, so a station killed anywhere re-reads the same page and finds either none or all
of it applied. An entry whose ``seq`` is already recorded is skipped, which also covers an OMS
that serves an overlapping page.

Entries that cannot be applied: whatever goes wrong applying one entry (it breaks the
contract, the floor services refuse it, a value the store cannot hold, a bug) refuses that
entry alone. It is *recorded* as applied with outcome ``refused: <reason>``, gets an open
FEED_REFUSED exception record for a supervisor (seq, kind, order / SKU, error code, reason:
``sync.feed_refusal``), and sets ``last_error``; its partial effects are rolled back with a
savepoint and the rest of the page commits. One bad entry must not stop every later command
from reaching the floor, and nothing is skipped silently. Only a fault of the store itself
(disk full, I/O, busy, damaged) rolls the whole page back and is raised: the engine retries
with backoff rather than skip a command it could have applied.

The cursor moves only to the last entry of the page (an empty page keeps it): a page whose
``next_cursor`` jumps ahead is refused (``FeedCursorRefused``, one FEED_CURSOR_REFUSED record).

A station that is behind (the feed said it has more) asks for large pages
(``catch_up_page_size``, one commit and one set of stock reads each); one that is caught up
asks for ``page_size``. Pages are read on the pulling thread, not prefetched on another: the
store's many short GIL releases (one per SQLite step) wait behind a parsing thread, which cost
more than the overlap saved.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy import select

from local_db.models.records import ExceptionRecord
from local_db.store import Store, UnitOfWork
from local_db.types import to_sqlite_utc, utc_now
from oms_contract.sync_api import FeedEntry
from sync import exception_details as details
from sync.client import OmsClient
from sync.errors import FeedCursorRefused
from sync.feed_page import TolerantFeedPage, UnreadableFeedEntry
from sync.feed_refusal import (
    ENTRY_FAILED,
    ENTRY_INVALID,
    FEED_REFUSED,
    EntrySubject,
    entry_subject,
    error_code,
    is_storage_fault,
    refusal_record,
    short_reason,
)
from sync.state import (
    FEED_CURSOR,
    LAST_ERROR,
    LAST_PULL_AT,
    StationIdentity,
    feed_cursor,
    write_state,
    write_time,
)

log = logging.getLogger("wms.sync.pull")

FeedApplier = Callable[[UnitOfWork, FeedEntry, str], str]
# A whole page at once: one result per entry, in order; a refusal comes back as its error
# (that entry changed nothing), any other failure is raised.
PageApplier = Callable[[UnitOfWork, list[FeedEntry], str], Sequence[str | Exception]]
BeforeCommit = Callable[[list[int]], None]
FEED_CURSOR_REFUSED = "FEED_CURSOR_REFUSED"
__all__ = ["FEED_CURSOR_REFUSED", "FEED_REFUSED", "PullReport", "Puller", "refuse_cursor"]
_OUTCOME_LIMIT = 1000
_KIND_LIMIT = 32

_ALREADY_APPLIED = "SELECT seq FROM applied_feed_entry WHERE seq >= ? AND seq <= ?"
_RECORD_APPLIED = (
    "INSERT INTO applied_feed_entry (seq, kind, applied_at, outcome) VALUES (?, ?, ?, ?)"
)


@dataclass
class PullReport:
    pages: int = 0
    applied: int = 0
    refused: list[str] = field(default_factory=list)


def refuse_cursor(store: Store, cursor: int, problem: str, code: str, **args: object) -> None:
    """Refuse a page that would move the cursor where the station has not read: nothing
    moves; one open FEED_CURSOR_REFUSED record for a supervisor (not one per retry).
    ``problem`` is for the log; the record carries ``code`` with ``args``."""
    message = (
        f"The OMS feed {problem}; the station stays at {cursor} and reads nothing more "
        "until the OMS serves its feed as agreed. Check the OMS (restored or altered database?)."
    )
    log.error("Feed page refused: %s", message)
    with store.unit_of_work() as uow:
        already_open = uow.session.scalar(
            select(ExceptionRecord.id).where(
                ExceptionRecord.exception_type == FEED_CURSOR_REFUSED,
                ExceptionRecord.status == "open",
            )
        )
        if already_open is None:
            uow.session.add(
                ExceptionRecord(
                    exception_type=FEED_CURSOR_REFUSED,
                    severity="high",
                    status="open",
                    detail_code=code,
                    detail_args_json=details.detail_args(cursor=cursor, **args),
                    created_at=utc_now(),
                )
            )
            uow.commit()
    raise FeedCursorRefused(message)


class Puller:
    """Reads the warehouse feed for one enrolled station."""

    def __init__(
        self,
        store: Store,
        client: OmsClient,
        identity: StationIdentity,
        *,
        apply_entry: FeedApplier,
        refusals: tuple[type[Exception], ...],
        page_size: int = 200,
        catch_up_page_size: int | None = None,
        before_commit: BeforeCommit | None = None,
        apply_page: PageApplier | None = None,
    ) -> None:
        self._store = store
        self._client = client
        self._identity = identity
        self._apply_entry = apply_entry
        # Errors that mean "this entry can never be applied" (changes nothing, safe to skip).
        self._refusals: tuple[type[Exception], ...] = (*refusals, ValidationError)
        self._page_size = page_size
        # After a full page (the feed has more), ask for this many at once.
        self._catch_up_page_size = max(page_size, catch_up_page_size or page_size)
        # Test seam: runs inside the page's transaction, after the entries, before commit.
        self._before_commit = before_commit
        self._apply_whole_page = apply_page

    def pull_all(self, keep_going: Callable[[], bool] = lambda: True) -> PullReport:
        """Apply pages until the feed has no more (or ``keep_going()`` turns false)."""
        report = PullReport()
        limit = self._page_size
        while keep_going():
            with self._store.read_session() as session:
                cursor = feed_cursor(session)
            page = self._client.feed(self._identity.warehouse_id, cursor, limit)
            self._check_cursor(cursor, page)
            self._apply_page(cursor, page, report)
            report.pages += 1
            if not page.has_more:
                return report
            limit = self._catch_up_page_size
        return report

    def _check_cursor(self, cursor: int, page: TolerantFeedPage) -> None:
        """The cursor may move only to the last entry the page holds (the contract: an empty
        page answers ``next_cursor = after``). Anything else would skip entries the station
        never read, or store a cursor that breaks every later pull."""
        last_seq = page.entries[-1].seq if page.entries else None
        if last_seq is None and page.has_more:
            problem = f"says there is more after {cursor} but sends no entries"
            refuse_cursor(self._store, cursor, problem, details.FEED_MORE_WITHOUT_ENTRIES)
        elif last_seq is None and page.next_cursor > cursor:
            problem = f"moves the cursor from {cursor} to {page.next_cursor} without entries"
            refuse_cursor(
                self._store, cursor, problem, details.FEED_CURSOR_JUMPED, next=page.next_cursor
            )
        elif last_seq is not None and page.next_cursor != last_seq:
            problem = f"moves the cursor to {page.next_cursor}, past its last entry {last_seq}"
            refuse_cursor(
                self._store,
                cursor,
                problem,
                details.FEED_CURSOR_PAST_LAST,
                next=page.next_cursor,
                last=last_seq,
            )

    def _apply_page(self, read_cursor: int, page: TolerantFeedPage, report: PullReport) -> None:
        now = utc_now()
        with self._store.unit_of_work() as uow:
            session = uow.session
            cursor = feed_cursor(session)
            if cursor != read_cursor:
                # Someone else applied this page meanwhile; the next round reads on from there.
                log.warning("Feed cursor moved from %d to %d during a pull", read_cursor, cursor)
                return
            candidates = [e for e in page.entries if e.seq > cursor]
            already: set[int] = set()
            if candidates:
                rows = session.connection().exec_driver_sql(
                    _ALREADY_APPLIED, (candidates[0].seq, candidates[-1].seq)
                )
                already = {seq for (seq,) in rows}
            fresh = [e for e in candidates if e.seq not in already]
            results = self._page_results(uow, fresh)
            applied_at = to_sqlite_utc(now)
            records: list[tuple[int, str, str, str]] = []
            for entry in fresh:
                if isinstance(entry, FeedEntry) and entry.seq in results:
                    result = results[entry.seq]
                    kind, outcome = self._record_result(uow, entry, result, report, now)
                else:
                    kind, outcome = self._apply_one(uow, entry, report, now)
                records.append((entry.seq, kind[:_KIND_LIMIT], applied_at, outcome))
            if records:
                session.flush()
                session.connection().exec_driver_sql(_RECORD_APPLIED, records)
            write_state(session, FEED_CURSOR, str(max(cursor, page.next_cursor)))
            write_time(session, LAST_PULL_AT, now)
            seqs = [seq for seq, _, _, _ in records]
            if self._before_commit is not None:
                self._before_commit(seqs)
            uow.commit()
        if seqs:
            log.info("Applied feed entries %d..%d", seqs[0], seqs[-1])

    def _page_results(
        self, uow: UnitOfWork, fresh: list[FeedEntry | UnreadableFeedEntry]
    ) -> dict[int, str | Exception]:
        """With a page applier, the readable entries' results by seq (else none).

        The page applier runs in a savepoint. If it fails as a whole (one entry broke the
        set-based receive, say), its work is rolled back and every entry of the page goes
        through the per-entry path, which refuses the culprit alone. A fault of the store
        itself is raised: the page is rolled back and retried later.
        """
        readable = [e for e in fresh if not isinstance(e, UnreadableFeedEntry)]
        if self._apply_whole_page is None or not readable:
            return {}
        try:
            with uow.session.begin_nested():
                results = self._apply_whole_page(uow, readable, self._identity.station_id)
        except Exception as exc:
            if is_storage_fault(exc):
                raise
            log.warning(
                "Feed entries %d..%d: the page could not be applied at once (%s); "
                "applying them one by one",
                readable[0].seq,
                readable[-1].seq,
                type(exc).__name__,
            )
            return {}
        return {e.seq: r for e, r in zip(readable, results, strict=True)}

    def _record_result(
        self,
        uow: UnitOfWork,
        entry: FeedEntry,
        result: str | Exception,
        report: PullReport,
        now: dt.datetime,
    ) -> tuple[str, str]:
        kind = entry.body.kind
        if isinstance(result, Exception):
            return kind, self._refuse_entry(uow, entry, result, report, now)
        report.applied += 1
        return kind, result[:_OUTCOME_LIMIT]

    def _apply_one(
        self,
        uow: UnitOfWork,
        entry: FeedEntry | UnreadableFeedEntry,
        report: PullReport,
        now: dt.datetime,
    ) -> tuple[str, str]:
        if isinstance(entry, UnreadableFeedEntry):
            record = refusal_record(
                entry.seq,
                entry.kind,
                EntrySubject(),
                code=ENTRY_INVALID,
                reason=entry.reason,
                now=now,
            )
            return entry.kind, self._refuse(
                uow, record, entry.seq, entry.kind, entry.reason, report=report
            )
        kind = entry.body.kind
        try:
            with uow.session.begin_nested():
                outcome = self._apply_entry(uow, entry, self._identity.station_id)
        except Exception as exc:
            # Whatever it was, it is this entry's: refuse it alone (its savepoint is rolled
            # back). Only the store's own faults stop the page.
            if is_storage_fault(exc):
                raise
            return kind, self._refuse_entry(uow, entry, exc, report, now)
        report.applied += 1
        return kind, outcome[:_OUTCOME_LIMIT]

    def _refuse_entry(
        self,
        uow: UnitOfWork,
        entry: FeedEntry,
        exc: Exception,
        report: PullReport,
        now: dt.datetime,
    ) -> str:
        code = error_code(exc, self._refusals)
        reason = short_reason(exc)
        kind = entry.body.kind
        if code == ENTRY_FAILED:
            # Not a known refusal: the traceback helps whoever fixes it (no document values:
            # pydantic errors are never ENTRY_FAILED).
            log.error("Feed entry %d (%s) failed to apply", entry.seq, kind, exc_info=exc)
        record = refusal_record(
            entry.seq, kind, entry_subject(entry), code=code, reason=reason, now=now
        )
        return self._refuse(uow, record, entry.seq, kind, reason, report=report)

    def _refuse(
        self,
        uow: UnitOfWork,
        record: ExceptionRecord,
        seq: int,
        kind: str,
        reason: str,
        *,
        report: PullReport,
    ) -> str:
        # The reason may quote the document; it stays in the local database, not the log.
        log.error("Feed entry %d (%s) refused and skipped; see the exception record", seq, kind)
        uow.session.add(record)
        message = f"Feed entry #{seq} ({kind}) refused: {reason}"[:_OUTCOME_LIMIT]
        write_state(uow.session, LAST_ERROR, message)
        report.refused.append(message)
        return f"refused: {reason}"[:_OUTCOME_LIMIT]
