"""Entry script of the PyInstaller bundle: the same `wms-floor` command as the console script."""

import sys

from station.main import main

sys.exit(main())
