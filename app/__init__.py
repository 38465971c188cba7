"""The warehouse domain: services, flows, feed, supervision, queries (no Qt, no sync)."""
