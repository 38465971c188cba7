"""Starlette's TestClient, imported without its httpx2 deprecation warning.

The project pins httpx (the station's client); TestClient still drives it, but warns, and the
test suite turns warnings into errors.
"""

from __future__ import annotations

import warnings

from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

__all__ = ["TestClient"]
