"""The prompt keys and message codes a flow can show, read from its source.

A flow shows what its module builds (``PromptKey.X``, ``Message("code")`` and every
``Message`` constant it names) and what the helpers it imports from ``app.flows`` /
``app.supervision`` build in the functions and constants it takes from them, and so on.
A helper module's other functions do not count: ``number_refusal`` shows ``bad_number``
only in a flow that calls it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from dataclasses import dataclass, field
from types import ModuleType

from app.flows.view import Message, PromptKey

_FOLLOWED = ("app.flows.", "app.supervision.")
# The registry names every flow: the session asks it which mode a command opens.
_NOT_FOLLOWED = {"app.flows.registry"}


@dataclass
class ShownCodes:
    prompts: set[PromptKey] = field(default_factory=set)
    messages: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)


def shown_codes(module_name: str) -> ShownCodes:
    found = ShownCodes()
    seen: set[tuple[str, str | None]] = set()
    todo: list[tuple[str, str | None]] = [(module_name, None)]  # None: the whole module
    while todo:
        name, wanted = todo.pop()
        if (name, wanted) in seen:
            continue
        seen.add((name, wanted))
        found.modules.add(name)
        module = importlib.import_module(name)
        tree = ast.parse(inspect.getsource(module))
        for node in _used_parts(tree, wanted):
            _collect(node, module, found)
        imported = _imported_names(tree)
        for node in _used_parts(tree, wanted):
            for used in ast.walk(node):
                if isinstance(used, ast.Name) and used.id in imported:
                    todo.append((imported[used.id], used.id))
    return found


def _definitions(tree: ast.Module) -> dict[str, ast.stmt]:
    found: dict[str, ast.stmt] = {}
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef | ast.ClassDef):
            found[statement.name] = statement
        elif isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    found[target.id] = statement
    return found


def _used_parts(tree: ast.Module, wanted: str | None) -> list[ast.AST]:
    """The whole module, or the definition of ``wanted`` and the module's own definitions it
    uses, and theirs."""
    if wanted is None:
        return [tree]
    definitions = _definitions(tree)
    parts: dict[str, ast.stmt] = {}
    names = [wanted]
    while names:
        name = names.pop()
        if name in parts or name not in definitions:
            continue
        parts[name] = definitions[name]
        names += [n.id for n in ast.walk(definitions[name]) if isinstance(n, ast.Name)]
    return list(parts.values())


def _imported_names(tree: ast.Module) -> dict[str, str]:
    return {
        alias.asname or alias.name: node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith(_FOLLOWED)
        and node.module not in _NOT_FOLLOWED
        for alias in node.names
    }


def _collect(part: ast.AST, module: ModuleType, found: ShownCodes) -> None:
    for node in ast.walk(part):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "PromptKey"
        ):
            found.prompts.add(PromptKey[node.attr])
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            value = getattr(module, node.id, None)
            if isinstance(value, Message):
                found.messages.add(value.code)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", None) == "Message"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.messages.add(str(node.args[0].value))
