"""The demo's one error type, importable without starting anything (the entry point catches
it; the demo module itself pulls in the sync engine)."""


class DemoError(Exception):
    """The demo cannot start; the message says why."""
