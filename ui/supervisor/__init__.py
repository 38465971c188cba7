"""The supervisor's console: one page per job (exceptions, approvals, tasks, board, audit,
stock), each a thin widget over Qt-free queries and commands in ``app/``."""
