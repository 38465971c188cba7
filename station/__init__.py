"""The station process: entry points, settings, logs, crash reports, the demo, the health check."""

__version__ = "0.1.0"
