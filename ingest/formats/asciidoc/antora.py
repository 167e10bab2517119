"""Antora docs components: a folder whose `antora.yml` describes the AsciiDoc pages under
its `modules/` folder. The descriptor's `asciidoc.attributes` apply to every page, as
the site build applies them; read without them, `{product}` and `{max-gpus}` would
stand where the names and figures are."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..project_files import nearest_above, version_of
from .inline import attribute_value

DESCRIPTOR = "antora.yml"


def descriptor_of(path: Path, root: Path) -> Path | None:
    """The descriptor of the component `path` is a page of: the nearest `antora.yml`
    above it, within `root`, with `path` under its `modules/` folder."""
    return nearest_above(path, root, DESCRIPTOR,
                         lambda folder: path.is_relative_to(folder / "modules"))


def component_attributes(path: Path, root: Path) -> dict[str, str]:
    """The attributes `path` is read with as a page of its component ({} for none)."""
    descriptor = descriptor_of(path, root)
    version = version_of(descriptor) if descriptor is not None else None
    if descriptor is None or version is None:
        return {}
    return dict(_attributes(descriptor, *version))


# Every page of a component reads the same descriptor; its time and size say when it
# changed.
@lru_cache(maxsize=64)
def _attributes(descriptor: Path, _mtime_ns: int,
                _size: int) -> tuple[tuple[str, str], ...]:
    import yaml

    try:
        data = yaml.safe_load(descriptor.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ()  # an unreadable descriptor: the pages are read as they are written
    asciidoc = data.get("asciidoc") if isinstance(data, dict) else None
    entries = asciidoc.get("attributes") if isinstance(asciidoc, dict) else None
    if not isinstance(entries, dict):
        return ()
    attributes: dict[str, str] = {}
    for name, value in entries.items():
        if value is None or value is False:
            continue  # unset
        # `true` sets an attribute without a value; a trailing @ lets pages change it.
        text = "" if value is True else str(value).removesuffix("@")
        attributes[str(name).lower()] = attribute_value(text, attributes)
    return tuple(attributes.items())
