"""Batch and expiry as the receiver gives them: a GS1 label scan, a scanned or typed batch
number, a typed expiry date (YYYY-MM-DD, YYYYMMDD or the label's YYMMDD)."""

from __future__ import annotations

import datetime as dt
import re

from app.flows.view import Message

BAD_EXPIRY = Message("bad_expiry")
EXPIRED_ON_RECEIPT = Message("expired_on_receipt")
BAD_BATCH = Message("bad_batch")

_BATCH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,39}")


def parse_expiry(text: str) -> dt.date | None:
    """The date typed or scanned, or None when it is not one."""
    value = text.strip()
    formats = {10: "%Y-%m-%d", 8: "%Y%m%d", 6: "%y%m%d"}
    pattern = formats.get(len(value))
    if pattern is None:
        return None
    if len(value) == 6 and value.isdigit() and value.endswith("00"):
        # GS1: day 00 means the last day of the month.
        first = dt.datetime.strptime(value[:4] + "01", "%y%m%d").date()
        next_month = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return next_month - dt.timedelta(days=1)
    try:
        return dt.datetime.strptime(value, pattern).date()
    except ValueError:
        return None


def clean_batch(text: str) -> str | None:
    value = text.strip()
    return value if _BATCH.fullmatch(value) else None
