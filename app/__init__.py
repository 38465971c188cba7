"""Floor station domain services and configuration (no Qt imports here)."""

__version__ = "0.1.0"
