"""Runtime hook: start-up timing probe for the benchmarks (bench/startup.py). Inert unless
the environment variable WMS_FLOOR_STARTUP_PROBE names a file.

When set, the first time the station window shows the log-in screen (ready for a badge
scan) this writes ``<unix time> <peak RSS kB>`` to that file and quits the app, so
``bench`` can time process start → scan-ready for the bundle exactly as from source. It
watches imports with an audit hook because the bundle's entry script cannot be changed.
"""

import os
import resource
import sys
import time

_probe_file = os.environ.get("WMS_FLOOR_STARTUP_PROBE")


def _peak_rss_kb():
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _wrap(window_class):
    original = window_class.show_view

    def show_view(self, view, *, answer):
        original(self, view, answer=answer)
        if getattr(show_view, "fired", False) or view.flow.mode.name != "LOGIN":
            return
        show_view.fired = True
        with open(_probe_file, "w", encoding="ascii") as out:
            out.write(f"{time.time():.6f} {_peak_rss_kb()}\n")
        # Imported late: loading Qt here before the app does would change what is timed.
        from PySide6.QtCore import QTimer  # noqa: PLC0415
        from PySide6.QtWidgets import QApplication  # noqa: PLC0415

        QTimer.singleShot(0, QApplication.quit)

    window_class.show_view = show_view


def _install():
    state = {"done": False}

    def on_event(event, args):
        if state["done"]:
            return
        module = sys.modules.get("ui.main_window")
        window_class = getattr(module, "MainWindow", None) if module is not None else None
        if window_class is not None:
            state["done"] = True
            _wrap(window_class)

    sys.addaudithook(on_event)


if _probe_file:
    _install()
