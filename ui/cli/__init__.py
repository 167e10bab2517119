"""The `tradeoffs` command line (`python -m ui.cli`)."""

from .main import main

__all__ = ["main"]
