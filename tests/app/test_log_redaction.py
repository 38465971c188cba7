"""The shapes that slipped past redaction (#10.14), fed through the real logging set-up and
read back from the file (and the console) exactly as support would see them."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import Column, MetaData, String, Table, create_engine, insert
from sqlalchemy.exc import IntegrityError

from station.logging_setup import REDACTED, configure_logging

CONSIGNEE = "Zhang San"
PHONE = "13800138000"
TOKEN = "st_" + "Q3vX9-kq_2Zb8LmN0pRt7WyA4cDe6FgH1jKs5uVw"
ENROLMENT_KEY = "ek_" + "a1B2c3D4e5F6g7H8i9J0kLmN"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = configure_logging(tmp_path / "logs", console=True)
    yield path
    root = logging.getLogger("wms")
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()


def entries(log_file: Path) -> list[dict[str, Any]]:
    for handler in logging.getLogger("wms").handlers:
        handler.flush()
    return [json.loads(line) for line in log_file.read_text(encoding="utf-8").splitlines()]


def assert_nowhere(secrets: tuple[str, ...], *texts: str) -> None:
    for text in texts:
        for secret in secrets:
            assert secret not in text, (secret, text)


class Consignee(BaseModel):
    consignee: str = Field(max_length=4)
    phone: int


@pytest.mark.expected_log_errors(r"^wms\.sync: feed entry 8 refused")
def test_pydantic_error_text_loses_the_input_values(
    log_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ValidationError) as caught:
        Consignee.model_validate({"consignee": CONSIGNEE + " 88 Nanjing Rd", "phone": PHONE + "x"})
    assert f"input_value='{CONSIGNEE}" in str(caught.value)  # the shape we must catch
    log = logging.getLogger("wms.sync")
    log.warning("feed entry 7 refused: %s", caught.value)
    try:
        raise caught.value
    except ValidationError:
        log.exception("feed entry 8 refused")
    first, second = entries(log_file)[-2:]
    assert_nowhere((CONSIGNEE, "Nanjing", PHONE), first["msg"], second["exc"])
    assert "input_value=" + REDACTED in first["msg"]
    assert "input_type=str" in first["msg"]  # what kind of value it was stays readable
    assert "string_too_long" in second["exc"]
    assert_nowhere((CONSIGNEE, PHONE), capsys.readouterr().err)


@pytest.mark.expected_log_errors(r"^wms\.store: insert failed")
def test_sqlalchemy_parameter_lists_are_dropped(
    log_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = create_engine("sqlite://")
    orders = Table(
        "outbound_order",
        MetaData(),
        Column("order_no", String, primary_key=True),
        Column("consignee_name", String),
        Column("consignee_phone", String),
    )
    orders.create(engine)
    row = {"order_no": "SO-1", "consignee_name": CONSIGNEE, "consignee_phone": PHONE}
    log = logging.getLogger("wms.store")
    with engine.begin() as connection:
        connection.execute(insert(orders), row)
        try:
            connection.execute(insert(orders), [row, {**row, "order_no": "SO-2"}])
        except IntegrityError as error:
            assert "[parameters: " in str(error)
            log.warning("insert failed: %s", error)
            log.exception("insert failed")
    engine.dispose()
    first, second = entries(log_file)[-2:]
    assert_nowhere((CONSIGNEE, PHONE), first["msg"], second["exc"])
    assert "UNIQUE constraint failed" in first["msg"]  # the cause stays readable
    assert "INSERT INTO outbound_order" in second["exc"]
    assert "[parameters: " + REDACTED in second["exc"]
    assert_nowhere((CONSIGNEE, PHONE), capsys.readouterr().err)


def test_bare_tokens_enrolment_keys_and_written_out_pins(log_file: Path) -> None:
    log = logging.getLogger("wms.sync")
    log.info("enrolled; token %s stored", TOKEN)
    log.info("using key %s for WH01", ENROLMENT_KEY)
    log.info("supervisor S001 typed PIN 1234")
    log.info("approval with pin: '4321', then PIN #9876")
    messages = [entry["msg"] for entry in entries(log_file)[-4:]]
    assert_nowhere((TOKEN[3:], ENROLMENT_KEY[3:], "1234", "4321", "9876"), *messages)
    assert messages[0] == f"enrolled; token st_{REDACTED} stored"
    assert messages[2] == f"supervisor S001 typed PIN {REDACTED}"


def test_warehouse_facts_survive_the_new_patterns(log_file: Path) -> None:
    text = (
        "picked 3 x 4006381333931 at A-01-02-03 for SO-1001, tracking SF1234567890; "
        "last_station_seq 120; PIN hash upgraded for S001; st_mode kept"
    )
    logging.getLogger("wms.app").info(text)
    assert entries(log_file)[-1]["msg"] == text
