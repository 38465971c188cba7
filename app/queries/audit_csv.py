"""The audit trail as a CSV file a supervisor opens in Excel: UTF-8 with a byte-order mark
(so Excel reads Chinese right), one row per audit row, the words chosen by the caller."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from app.queries.audit_trail import AuditRow

CSV_ENCODING = "utf-8-sig"


def change_text(row: AuditRow) -> str:
    """``key: before → after`` for each changed value, separated by semicolons."""
    return "; ".join(f"{c.key}: {c.before or '–'} → {c.after or '–'}" for c in row.changes)


def subject_bin(row: AuditRow) -> str:
    return f"{row.bin} → {row.to_bin}" if row.to_bin and row.to_bin != row.bin else row.bin


def csv_cells(row: AuditRow, word_action: Callable[[str], str]) -> list[str]:
    """The cells of one row, in the order of the headers the UI gives (see AUDIT_COLUMNS)."""
    return [
        row.occurred_at.isoformat(timespec="seconds"),
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
