"""Sounds with their fallback, the flash overlay, and errors the operator can act on."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from local_db.errors import StoreProblem, StoreUnavailable
from tests.flows.seed import PICKER_BADGE
from tests.ui.conftest import scan
from ui import sounds as sounds_module
from ui.launcher import Station
from ui.models import task_table_model
from ui.resources import sounds_dir
from ui.sounds import ScanSounds
from ui.widgets.flash import BAD_COLOR, GOOD_COLOR


def test_sound_files_are_shipped() -> None:
    for name in ("good.wav", "bad.wav"):
        data = (sounds_dir() / name).read_bytes()
        assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"


def test_sounds_fall_back_to_beeps_and_say_so_once(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sounds_module, "_fallback_logged", False)
    with caplog.at_level(logging.WARNING, logger="wms.ui"):
        first = ScanSounds()
        second = ScanSounds()
    if first.uses_sound_effects:
        pytest.skip("Qt Multimedia works here: no fallback to check")
    assert not second.uses_sound_effects
    warnings = [r for r in caplog.records if "Qt Multimedia unavailable" in r.getMessage()]
    assert len(warnings) == 1
    first.play(good=False)
    assert first.last_played == "bad"


def test_sounds_load_where_there_is_an_audio_output(qtbot: QtBot) -> None:
    try:
        from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
    except ImportError:
        pytest.skip("Qt Multimedia is not usable here (libpulse0 missing?)")
    if QMediaDevices.defaultAudioOutput().isNull():
        pytest.skip("no audio output device here (no sound card or sound server)")
    sounds = ScanSounds()
    assert sounds.uses_sound_effects
    effects = [e for e in sounds.findChildren(QSoundEffect)]
    assert len(effects) == 2
    qtbot.waitUntil(lambda: all(e.status() == QSoundEffect.Status.Ready for e in effects))


def test_flash_covers_the_whole_window(qtbot: QtBot, station: Station) -> None:
    window = station.window
    window.resize(1000, 700)
    window.flash.flash(good=False)
    assert window.flash.geometry() == window.rect()
    qtbot.waitUntil(lambda: not window.flash.isVisible())


@pytest.mark.parametrize(("good", "colour"), [(True, GOOD_COLOR), (False, BAD_COLOR)])
def test_flash_shows_its_colour_and_a_white_mark_over_the_screen(
    qtbot: QtBot, station: Station, good: bool, colour: QColor
) -> None:
    window = station.window
    window.resize(900, 600)
    for _ in range(2):  # the second flash paints the mark drawn for the first
        window.flash.flash(good=good)
        image = window.flash.grab().toImage()
        middle = image.rect().center()
        half = min(image.width(), image.height()) // 6
        # The cross passes through the middle; the tick starts half its size left of it.
        on_mark = middle if not good else middle - QPoint(half, 0)
        corner, centre = image.pixelColor(5, 5), image.pixelColor(on_mark)
        assert (corner.red(), corner.green(), corner.blue()) == pytest.approx(
            (colour.red(), colour.green(), colour.blue()), abs=40
        )
        assert min(centre.red(), centre.green(), centre.blue()) > 200  # the tick or the cross
    qtbot.waitUntil(lambda: not window.flash.isVisible())


@pytest.mark.parametrize("problem", list(StoreProblem))
def test_each_store_problem_is_told_in_its_own_words(
    qtbot: QtBot, station: Station, problem: StoreProblem
) -> None:
    window = station.window

    def write() -> None:  # as the store raises it when a unit of work cannot commit
        raise StoreUnavailable(problem)

    with qtbot.waitSignal(window.gateway.unavailable):
        window.gateway.run(write, lambda _: None)
    # The store's own wording (kept for the log) reaches the operator, translated.
    assert window.status_bar.currentMessage() == StoreUnavailable(problem).message
    assert window.flash.kind == "bad"


def test_a_failed_read_is_classified_like_a_write(qtbot: QtBot, station: Station) -> None:
    window = station.window
    missing = station.store.db_path.parent / "no-such-folder" / "station.sqlite3"

    def read(_store: object) -> None:  # a real SQLite error (SQLITE_CANTOPEN) on a read
        with create_engine(f"sqlite:///{missing}").connect():
            pass

    with qtbot.waitSignal(window.gateway.unavailable) as told:
        window.gateway.query(read, lambda _: None)
    assert isinstance(told.args[0], StoreUnavailable)
    assert told.args[0].problem is StoreProblem.IO
    assert window.status_bar.currentMessage() == (
        "The station's disk could not be read or written. Nothing was saved; call IT."
    )


def test_a_task_list_page_that_cannot_be_read_is_told(
    qtbot: QtBot, station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(*_args: object, **_kwargs: object) -> None:
        raise StoreUnavailable(StoreProblem.BUSY)

    monkeypatch.setattr(task_table_model, "fetch_tasks", busy)
    model = station.window.task_screen.model
    # Read when the failure is told: a later reload (a sync status, a refresh) may ask again.
    asks_again: list[bool] = []
    model.load_failed.connect(lambda _text: asks_again.append(model.canFetchMore()))
    with qtbot.waitSignal(model.load_failed):
        scan(qtbot, station, PICKER_BADGE)  # the task list shows and asks for its first page
    assert "database is busy" in station.window.status_bar.currentMessage()
    assert asks_again[0] is False  # not asked again and again until the next reload


@pytest.mark.expected_log_errors(r"^wms\.ui: store operation failed with a bug")
def test_a_bug_in_a_store_operation_goes_to_the_crash_reporter(
    qtbot: QtBot, station: Station
) -> None:
    window = station.window
    failures: list[object] = []

    def broken() -> None:
        # Looks like database trouble, but SQLite never said so: a bug, not the disk.
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    with qtbot.capture_exceptions() as crashed:
        window.gateway.run(broken, lambda _: None, failures.append)
        qtbot.waitUntil(lambda: window.gateway.pending == 0)
    # sys.excepthook is the station's crash hook (report file + crash dialog; see
    # test_crash_reports.py): here pytest-qt's, which collected it.
    assert [type(error) for _, error, _ in crashed] == [OperationalError]
    assert failures == []  # never disguised as a failure the caller could explain
    assert "database" not in window.status_bar.currentMessage()


def test_touch_targets_are_at_least_48_px(qtbot: QtBot, station: Station) -> None:
    window = station.window
    window.resize(1280, 800)
    for screen in [window.task_screen, *window.flow_screens.values()]:
        window.stack.setCurrentWidget(screen)
        qtbot.waitUntil(lambda screen=screen: screen.isVisible())
        for widget in screen.findChildren(QPushButton) + screen.findChildren(QLineEdit):
            if widget.isVisible():
                assert widget.height() >= 48, widget
    assert window.status_bar.sync_button.height() >= 48
