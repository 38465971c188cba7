"""The label previews in docs/screenshots (#16) come from the PDF layout rendered by Qt
offscreen; seed 002 Step 7 "打包完成，称重；WMS生成运单号": the labels a packer sticks on."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from pytestqt.qtbot import QtBot

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "label_previews", ROOT / "scripts/label_previews.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_label_renders_at_4x6_in_with_ink_and_is_in_the_readme(qtbot: QtBot) -> None:
    script = _script()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, label in script.SAMPLE.items():
        image = script.render(label)
        assert (image.width(), image.height()) == (812, 1218)  # 4 x 6 in at 203 dpi
        dark = sum(
            1
            for y in range(0, image.height(), 4)
            for x in range(0, image.width(), 4)
            if image.pixelColor(x, y).lightness() < 80
        )
        assert dark > 500, name  # text and bars, not a blank page
        assert (ROOT / f"docs/screenshots/{name}.png").exists()
        assert f"docs/screenshots/{name}.png" in readme
