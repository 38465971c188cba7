"""Applying the OMS feed: outbound commands, cancellations, inbound orders, master data."""
