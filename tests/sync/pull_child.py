"""A station process that pulls the feed and is SIGKILLed on page N, after applying the
page's entries and before committing them (run by test_pull_kill.py).

    python -m tests.sync.pull_child DB_PATH KILL_ON_PAGE PAGE_SIZE   (token on stdin)
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from local_db.store import open_store
from station.sync_wiring import floor_hooks
from sync.client import OmsClient
from sync.credentials import Token
from sync.pull import Puller
from sync.state import station_identity
from tests.support.log_watch import log_like_a_station


def main() -> int:
    log_like_a_station()
    db_path, kill_on_page, page_size = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    # The token comes from the parent (its keyring is in-memory); never from argv.
    token = Token(sys.stdin.readline().strip())
    store = open_store(db_path)
    with store.read_session() as session:
        identity = station_identity(session)
    pages = 0

    def die_before_commit(seqs: list[int]) -> None:
        nonlocal pages
        pages += 1
        if pages == kill_on_page:
            print(f"KILLED applying {seqs[0]}..{seqs[-1]}", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    hooks = floor_hooks()
    with OmsClient(identity.oms_url, token) as client:
        Puller(
            store,
            client,
            identity,
            apply_entry=hooks.apply_entry,
            refusals=hooks.refusals,
            apply_page=hooks.apply_page,
            page_size=page_size,
            before_commit=die_before_commit,
        ).pull_all()
    print("pulled without being killed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
