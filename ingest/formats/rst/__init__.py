"""reStructuredText through docutils, with Sphinx roles and a project's prolog."""

from .reader import read

__all__ = ["read"]
