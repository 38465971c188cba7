"""Damage the background quick_check finds after the window is up (#10.6): the operator is
told at once, and the store takes no more writes (the file stays as it was)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from local_db.errors import StoreDamaged
from local_db.store import open_store
from station.config import StationConfig
from tests.app.test_damaged_store import overwritten_page
from ui.launcher import build_station, watch_integrity


@pytest.mark.expected_log_errors(r"^wms\.store\.integrity: store \S+ failed quick_check")
def test_damage_found_in_the_background_is_shown_and_stops_writes(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db = tmp_path / "station.sqlite3"
    overwritten_page(db)  # header and schema read fine: only quick_check finds it
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    config = StationConfig(db_path=db, warehouse_id="WH1", language="en")
    store = open_store(db, integrity="background")
    station = build_station(config, store=store, start_sync=False, sounds=False)
    qtbot.addWidget(station.window)
    try:
        station.window.show()
        watch_integrity(station)

        def damaged_box() -> QMessageBox | None:
            boxes = [
                widget
                for widget in QApplication.topLevelWidgets()
                if isinstance(widget, QMessageBox) and widget.objectName() == "storeDamaged"
            ]
            return boxes[0] if boxes and boxes[0].isVisible() else None

        qtbot.waitUntil(lambda: damaged_box() is not None, timeout=60_000)
        box = damaged_box()
        assert box is not None
        assert f"database file {db} is damaged" in box.text()
        assert "call IT" in box.text()
        box.close()
        with pytest.raises(StoreDamaged), store.unit_of_work():
            pass
    finally:
        QApplication.instance().removeEventFilter(station.wedge)  # type: ignore[union-attr]
        station.window.close()
        store.close()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
