"""The typed refusals: stable, unique codes the UI can translate and play a sound for."""

from __future__ import annotations

import inspect

from app import errors


def _refusals() -> list[type[errors.FloorError]]:
    return [
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.FloorError)
    ]


def test_every_refusal_has_its_own_code() -> None:
    codes = [cls.code for cls in _refusals()]
    assert len(codes) == len(set(codes))
    assert all(code.isupper() and " " not in code for code in codes)


def test_a_refusal_carries_codes_and_values_not_words() -> None:
    refusal = errors.WrongLocation("pick_elsewhere", scanned="B-1", bin="A-01-01-01")
    assert (refusal.code, refusal.reason) == ("WRONG_LOCATION", "pick_elsewhere")
    assert refusal.params == {"scanned": "B-1", "bin": "A-01-01-01"}
    # For logs and the station's own records: codes and values, no operator prose.
    assert str(refusal) == "WRONG_LOCATION pick_elsewhere scanned=B-1 bin=A-01-01-01"
    assert isinstance(errors.UnknownBarcode("x"), errors.NotFound)
