"""The floor's business date.

Expiry dates are printed in the warehouse's local calendar, so an expiry check uses the
station's local date (all stations of one warehouse share its time zone). Stock expiring
today is still good today; it is expired from tomorrow.
"""

from __future__ import annotations

import datetime as dt


def business_date() -> dt.date:
    return dt.datetime.now().astimezone().date()
