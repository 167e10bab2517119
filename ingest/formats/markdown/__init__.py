"""Markdown and MDX, with the dialects of docs sites: front matter, admonitions, tabs,
Hugo shortcodes and MyST directives."""

from .reader import read, read_markdown

__all__ = ["read", "read_markdown"]
