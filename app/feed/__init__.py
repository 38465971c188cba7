"""Applying the OMS feed: outbound commands, cancellations, inbound orders, master data."""

FEED_OPERATOR = "OMS"
"""The operator recorded for what the station does on the OMS's behalf."""
