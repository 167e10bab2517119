"""The `tradeoffs ui` and `tradeoffs feedback` subcommands."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's subcommands to the `tradeoffs` parser."""
    del sub
