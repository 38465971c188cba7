"""Every mode is declared once on the domain side (app/flows/registry.py::MODES), complete:
its flow, the command that opens it, and every prompt and message its flow can show."""

from __future__ import annotations

import inspect
from collections import Counter
from typing import get_args

import pytest

from app.flows.registry import (
    MODES,
    ModeSpec,
    default_flows,
    mode_of_command,
    mode_resuming,
    mode_spec,
)
from app.flows.view import Mode, PromptKey
from app.scanning.commands import Command
from app.services.work_in_progress import WorkKind
from tests.flows.shown_codes import shown_codes


def _module_of(spec: ModeSpec) -> str:
    # Log-in has no flow: the session asks for the badge and gives its own answers.
    module = inspect.getmodule(spec.flow) if spec.flow is not None else None
    return module.__name__ if module is not None else "app.flows.session"


def test_every_mode_is_declared_exactly_once() -> None:
    declared = Counter(spec.mode for spec in MODES)
    assert declared == Counter(set(Mode)), "one ModeSpec per Mode in app/flows/registry.py"


@pytest.mark.parametrize(
    "spec", [s for s in MODES if s.mode is not Mode.LOGIN], ids=lambda spec: spec.mode.value
)
def test_every_mode_has_its_flow_and_command(spec: ModeSpec) -> None:
    assert spec.flow is not None, f"{spec.mode}: no flow"
    assert spec.command is not None, f"{spec.mode}: no command barcode opens it"
    assert getattr(spec.flow, "mode", None) is spec.mode, "the flow says it is another mode"
    assert mode_of_command(spec.command) is spec.mode
    assert default_flows()[spec.mode] is spec.flow


def test_mode_commands_belong_to_one_mode_each() -> None:
    commands = [spec.command for spec in MODES if spec.command is not None]
    assert len(commands) == len(set(commands))
    mode_commands = {command for command in Command if command.name.startswith("MODE_")}
    assert set(commands) == mode_commands, "a MODE_ command no mode declares, or the reverse"
    assert mode_of_command(Command.CONFIRM) is None
    assert mode_of_command(None) is None


def test_unfinished_work_of_each_kind_reopens_one_mode() -> None:
    kinds = get_args(WorkKind)
    assert {kind: mode_resuming(kind) for kind in kinds} == {
        spec.resumes: spec.mode for spec in MODES if spec.resumes is not None
    }
    assert None not in {mode_resuming(kind) for kind in kinds}
    assert mode_resuming("shelving") is None


@pytest.mark.parametrize("spec", MODES, ids=lambda spec: spec.mode.value)
def test_a_mode_declares_every_prompt_and_message_its_flow_can_show(spec: ModeSpec) -> None:
    shown = shown_codes(_module_of(spec))
    assert len(shown.modules) > 1 or spec.mode is Mode.LOGIN  # the reader follows imports
    assert spec.prompts, f"{spec.mode}: no prompt"
    assert sorted(shown.prompts - spec.prompts) == [], f"add them to {spec.mode}'s prompts"
    assert sorted(shown.messages - spec.messages) == [], f"add them to {spec.mode}'s messages"


def test_the_reader_finds_what_a_flow_shows() -> None:
    # Spot checks, so a reader that finds nothing cannot make the test above pass.
    pick = shown_codes("app.flows.pick_flow")
    assert {"wrong_bin", "unknown_item", "put_back_done", "unpick_on"} <= pick.messages
    assert {PromptKey.SCAN_BIN, PromptKey.PUT_BACK} <= pick.prompts
    assert "no_work" not in pick.messages  # task_flow's, and pick only takes ORDER_CANCELLED
    tasks = shown_codes("app.flows.task_flow")
    assert "bad_number" not in tasks.messages  # messages.number_refusal is not called there
    assert "not_a_supervisor" in shown_codes("app.flows.count_flow").messages


def test_every_prompt_belongs_to_a_mode() -> None:
    declared = set().union(*(spec.prompts for spec in MODES))
    assert sorted(set(PromptKey) - declared) == []


def test_mode_spec_looks_up_by_mode() -> None:
    assert mode_spec(Mode.PICK).command is Command.MODE_PICK
