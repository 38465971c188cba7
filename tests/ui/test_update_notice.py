"""The station tells IT and supervisors about an update (#15), with the real OMS process and
the real window offscreen. Seed 003 (分离库存模型 4: 系统升级后接口变更未同步更新): a station
the OMS no longer accepts says so at once, with who must act; an update merely recommended
shows on the status bar only."""

from __future__ import annotations

import httpx
import pytest
from pytestqt.qtbot import QtBot

from station import __version__
from tests.support.oms_process import RunningOms
from ui.launcher import Station

SYNC_TIMEOUT_MS = 60_000


def _publish(oms: RunningOms, **policy: str | None) -> None:
    response = httpx.put(
        f"{oms.api_url}/warehouses/WH01/station-versions",
        json=policy,
        headers=oms.admin_headers(),
        timeout=10,
    )
    assert response.status_code == 200, response.text


@pytest.mark.expected_log_errors("wms.sync.engine: Not syncing: This station runs version")
def test_the_status_bar_and_banner_say_an_update_is_available_or_required(
    qtbot: QtBot, online_station: Station, oms_demo_server: RunningOms
) -> None:
    window = online_station.window
    bar = window.status_bar
    engine = online_station.engine
    assert engine is not None
    _publish(oms_demo_server, recommended_version="999.0")
    engine.sync_now()
    qtbot.waitUntil(bar.update_label.isVisible, timeout=SYNC_TIMEOUT_MS)
    assert bar.update_label.text() == (
        f"Update available: version 999.0 (this station: {__version__})"
    )
    assert not window.banner.isVisible()

    _publish(oms_demo_server, minimum_version="999.0", recommended_version="999.0")
    engine.sync_now()
    qtbot.waitUntil(lambda: window.banner.problem == "update_required", timeout=SYNC_TIMEOUT_MS)
    assert "older than the OMS accepts" in window.banner.label.text()
    assert "install the update" in window.banner.label.text()
    assert bar.update_label.text() == (
        f"Update required: version 999.0 or newer (this station: {__version__})"
    )

    _publish(oms_demo_server)
    engine.sync_now()
    qtbot.waitUntil(lambda: not bar.update_label.isVisible(), timeout=SYNC_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.banner.problem is None, timeout=SYNC_TIMEOUT_MS)
