"""AsciiDoc: the reader, its inline markup, tables, callouts, and the attributes an Antora
component gives its pages."""

from .reader import read

__all__ = ["read"]
