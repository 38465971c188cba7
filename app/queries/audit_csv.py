"""The audit trail as a CSV file a supervisor opens in Excel: UTF-8 with a byte-order mark
(so Excel reads Chinese right), one row per audit row, the words chosen by the caller."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.queries.audit_trail import AuditFilter, AuditRow, iter_audit_rows
from app.services.lookups import require_supervisor
from local_db.store import Store

CSV_ENCODING = "utf-8-sig"


def change_text(row: AuditRow) -> str:
    """``key: before → after`` for each changed value, separated by semicolons."""
    return "; ".join(f"{c.key}: {c.before or '–'} → {c.after or '–'}" for c in row.changes)


def subject_bin(row: AuditRow) -> str:
    return f"{row.bin} → {row.to_bin}" if row.to_bin and row.to_bin != row.bin else row.bin


def csv_cells(row: AuditRow, word_action: Callable[[str], str]) -> list[str]:
    """The cells of one row, in the order of the headers the UI gives (see AUDIT_COLUMNS)."""
    return [
        row.occurred_at.astimezone().isoformat(sep=" ", timespec="seconds"),
        row.operator,
        word_action(row.action),
        row.order_no,
        row.sku_id,
        subject_bin(row),
        row.batch_no,
        " ".join(row.serials),
        change_text(row),
        row.reason,
        f"{row.entity} {row.entity_key}",
    ]


AUDIT_COLUMNS = 11


def write_audit_csv(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[AuditRow],
    word_action: Callable[[str], str],
) -> int:
    """Writes the rows (a fresh file, replaced whole) and returns how many were written.
    An OSError (folder not writable, disk full) reaches the caller and leaves no half file."""
    if len(headers) != AUDIT_COLUMNS:
        raise ValueError(f"{AUDIT_COLUMNS} headers expected, got {len(headers)}")
    partial = path.with_name(path.name + ".part")
    written = 0
    try:
        with partial.open("w", encoding=CSV_ENCODING, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            for row in rows:
                writer.writerow(csv_cells(row, word_action))
                written += 1
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return written


@dataclass(frozen=True)
class ExportOutcome:
    path: Path
    written: int
    problem: str | None = None
    """``not_writable`` when the folder refused the file (nothing was left behind)."""


def export_file_name(now: dt.datetime) -> str:
    return f"audit-trail-{now.astimezone():%Y%m%d-%H%M%S}.csv"


def export_audit_csv(
    store: Store,
    supervisor_badge: str,
    audit_filter: AuditFilter,
    folder: Path,
    *,
    headers: Sequence[str],
    word_action: Callable[[str], str],
    now: dt.datetime | None = None,
) -> ExportOutcome:
    """Every row the filter shows, written to a new file in ``folder`` (supervisors only)."""
    path = folder / export_file_name(now or dt.datetime.now(dt.UTC))
    with store.read_session() as session:
        require_supervisor(session, supervisor_badge)
        try:
            written = write_audit_csv(
                path, headers, iter_audit_rows(session.connection(), audit_filter), word_action
            )
        except OSError:
            return ExportOutcome(path, 0, "not_writable")
    return ExportOutcome(path, written)
