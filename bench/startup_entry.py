"""`wms-floor` from source with the start-up probe (the bundle gets it as a runtime hook)."""

import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
runpy.run_path(str(ROOT / "packaging" / "rthooks" / "rthook_startup_probe.py"))
sys.path.insert(0, str(ROOT))

from station.main import main  # noqa: E402

sys.exit(main())
