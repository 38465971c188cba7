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


def test_the_message_is_what_the_operator_reads() -> None:
    refusal = errors.WrongLocation("Wrong bin: go to A-01-01-01.")
    assert str(refusal) == refusal.message == "Wrong bin: go to A-01-01-01."
    assert refusal.code == "WRONG_LOCATION"
    assert isinstance(errors.UnknownBarcode("x"), errors.NotFound)
