"""Read-only questions the screens ask of the store (tasks, inbound, stock, badges, items)."""
