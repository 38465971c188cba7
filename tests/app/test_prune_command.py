"""``sync_history_days`` and ``wms-floor prune`` (#12.11). Seed 000 §6.2 (接口幂等设计): the
idempotency keys are kept for a set time (``expireSeconds``); here the station keeps its
answered events for a validated number of days, and a wrong value is refused by name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from local_db.models import OutboxEvent
from local_db.store import open_store
from local_db.types import to_sqlite_utc, utc_now
from station.config import ConfigError, load_config
from station.main import main
from station.sync_wiring import sync_settings
from sync.retention import prune_sync_history
from tests.sync.helpers import add_outbox_row, stock_event


def _settings(tmp_path: Path, text_: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text_, encoding="utf-8")
    return path


def test_the_horizon_is_a_validated_setting_handed_to_the_engine(tmp_path: Path) -> None:
    config = load_config(_settings(tmp_path, "sync_history_days = 30\n"))
    assert sync_settings(config).keep_days == 30
    assert load_config(_settings(tmp_path, "")).sync_history_days == 90
    with pytest.raises(ConfigError, match="sync_history_days"):
        load_config(_settings(tmp_path, "sync_history_days = 0\n"))


def test_wms_floor_prune_deletes_old_accepted_events_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "station.sqlite3"
    store = open_store(db)
    with store.unit_of_work() as uow:
        for _ in range(4):
            add_outbox_row(uow.session, stock_event())
        uow.commit()
    old = to_sqlite_utc(utc_now() - dt.timedelta(days=40))
    with store.unit_of_work() as uow:
        connection = uow.session.connection()
        connection.execute(text("UPDATE outbox_event SET occurred_at = :t"), {"t": old})
        connection.execute(
            text("UPDATE outbox_event SET status = 'accepted', accepted_at = :t WHERE id <= 3"),
            {"t": old},
        )
        uow.commit()
    store.close()
    config = _settings(tmp_path, f'db_path = "{db}"\n')

    assert main(["prune", "--config", str(config)]) == 0  # 90 days: nothing is that old
    assert main(["prune", "--config", str(config), "--days", "30"]) == 0
    assert "Pruned 3 accepted outbox events" in capsys.readouterr().out
    store = open_store(db)
    with store.read_session() as session:
        left = session.execute(
            select(OutboxEvent.id, OutboxEvent.status).order_by(OutboxEvent.id)
        ).all()
        assert session.scalar(select(func.count()).select_from(OutboxEvent)) == 1
    store.close()
    # The pending one stays, however old.
    assert [tuple(row) for row in left] == [(4, "pending")]
    with pytest.raises(SystemExit):
        main(["prune", "--config", str(config), "--days", "0.5"])


def test_a_prune_stopped_between_batches_goes_on_where_it_stopped(tmp_path: Path) -> None:
    """The engine gives the prune a slice of each round: every call deletes a batch at
    least, and says whether it finished."""
    store = open_store(tmp_path / "station.sqlite3")
    with store.unit_of_work() as uow:
        for _ in range(6):
            add_outbox_row(uow.session, stock_event())
        uow.commit()
    old = to_sqlite_utc(utc_now() - dt.timedelta(days=100))
    with store.unit_of_work() as uow:
        uow.session.connection().execute(
            text("UPDATE outbox_event SET status = 'accepted', occurred_at = :t, accepted_at = :t"),
            {"t": old},
        )
        uow.commit()
    rounds = []
    while not rounds or not rounds[-1].finished:
        rounds.append(prune_sync_history(store, 90, batch_size=2, keep_going=lambda: False))
        assert len(rounds) < 10
    store.close()
    # Five rows (the newest stays) in batches of two: three rounds, then nothing left.
    assert [r.outbox_rows for r in rounds] == [2, 2, 1]
    assert [r.finished for r in rounds] == [False, False, True]
