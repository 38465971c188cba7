"""``python -m oms_server`` is the ``oms-server`` console script."""

from __future__ import annotations

from oms_server.cli import main

raise SystemExit(main())
