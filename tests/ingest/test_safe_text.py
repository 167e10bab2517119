"""What a document, a file name or its bytes can and cannot do: no control sequence is
stored, every odd name gets a display name, and text is decoded only when its encoding
is known with confidence."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.errors import UnreadableDocument
from ingest.formats.text import decode
from ingest.loaders import load, readable_size, survey
from ingest.safe_text import display_name, escape_controls, strip_controls

ESC = "\x1b"


@pytest.mark.parametrize(("raw", "stored"), [
    (f"clear{ESC}[2J{ESC}[H screen", "clear screen"),
    (f"up{ESC}[1A{ESC}[2K erase", "up erase"),
    (f"{ESC}[8mconcealed{ESC}[0m text", "concealed text"),
    (f"{ESC}]0;window title{ESC}\\after", "after"),
    (f"{ESC}]0;bell title\x07after", "after"),
    (f"see {ESC}]8;;https://evil.example/{ESC}\\notes{ESC}]8;;{ESC}\\", "see notes"),
    ("\u202egpj.exe\u202c and \u2066iso\u2069", "gpj.exe and iso"),
    ("c1\x9b31m and \x85next", "c1 and \nnext"),  # an 8-bit CSI, a C1 line break
    ("cr\r\nlf\rold mac\x0cpage", "cr\nlf\nold mac\npage"),
    ("tab\tand newline\nstay", "tab\tand newline\nstay"),
    ("lone \ud800 surrogate", "lone  surrogate"),
])
def test_stored_text_keeps_its_words_and_loses_its_controls(raw: str, stored: str):
    assert strip_controls(raw) == stored


def test_printed_text_shows_each_control_as_a_visible_escape():
    assert escape_controls(f"a{ESC}[2Jb\u202ec\nd") == "a\\u001b[2Jb\\u202ec\nd"
    assert escape_controls("one\nline\t", one_line=True) == "one\\u000aline\\u0009"


def test_odd_file_names_get_distinct_display_names():
    invalid = os.fsdecode(b"caf\xe9.md")
    assert display_name(invalid) == "caf\\xe9.md"
    assert display_name(f"a{ESC}[2J.md") == "a\\u001b[2J.md"
    assert display_name("new\nline.md") == "new\\u000aline.md"
    assert display_name(invalid).encode()  # every display name encodes as UTF-8


def test_a_symlink_loop_and_a_name_clash_are_skipped_with_reasons(tmp_path: Path):
    (tmp_path / "a.md").symlink_to("b.md")
    (tmp_path / "b.md").symlink_to("a.md")
    (tmp_path / "self").symlink_to("self")
    (tmp_path / os.fsdecode(b"caf\xe9.md")).write_text("# One\n\nFirst file.\n")
    (tmp_path / "caf\\xe9.md").write_text("# Two\n\nA name written as the other shows.\n")
    found = survey(tmp_path)
    reasons = {s.file: s.reason for s in found.skipped}
    assert reasons["a.md"] == reasons["b.md"] == "link loop; not followed"
    assert reasons["self"] == "link loop; not followed"
    assert len(found.files) == 1 and "also shows as this one" in reasons["caf\\xe9.md"]
    doc = load(found.files[0], tmp_path)
    assert doc.file == "caf\\xe9.md"


@pytest.mark.parametrize(("size", "shown"), [
    (0, "0 bytes"), (900, "900 bytes"), (1024, "1 KB"), (1536, "1.5 KB"), (12_345, "12 KB"),
    (20 * 1024 * 1024, "20 MB"), (3 * 1024 ** 3, "3 GB"),
])
def test_sizes_read_in_units(size: int, shown: str):
    assert readable_size(size) == shown


def test_a_file_just_over_the_limit_names_both_sizes_in_bytes(tmp_path: Path):
    (tmp_path / "a.md").write_bytes(b"x" * 1030)
    (skipped,) = survey(tmp_path, max_file_bytes=1024).skipped
    assert skipped.reason.startswith("too large (1,030 bytes; the limit is 1,024 bytes")


@pytest.mark.parametrize(("data", "text"), [
    (b"caf\xe9 au lait\n", "café au lait"),  # Latin-1, short: Western, not Baltic
    ("Die Gr\u00f6\u00dfe \u2013 \u201eSpot\u201c".encode("cp1252"), "Größe – „Spot“"),
    ("Inferentia notes\n".encode("utf-16"), "Inferentia notes"),
    ("\u4e2d\u6587\u6587\u6863\n".encode("utf-16"), "中文文档"),
    ("\ufeffUTF-8 with a mark\n".encode(), "UTF-8 with a mark"),
    (b"Quota notes. " * 1000 + b"\x00 a stray zero byte", "a stray zero byte"),
    (("\u65e5\u672c\u8a9e\u306e\u6587\u66f8\u3067\u3059\u3002" * 10).encode("shift_jis"),
     "日本語の文書です。"),
])
def test_text_is_decoded_when_its_encoding_is_certain(data: bytes, text: str):
    assert text in decode(data)


@pytest.mark.parametrize(("data", "reason"), [
    (b"\xff\xfeASCII after a UTF-16 mark\n", "does not read as UTF-16"),
    ("\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440".encode("cp1251"),
     "cannot be told with confidence"),
    (("\u042d\u0442\u043e \u0442\u0435\u043a\u0441\u0442 \u043e \u043a\u043b\u0430\u0441"
      "\u0442\u0435\u0440\u0430\u0445 Kubernetes. " * 20).encode("cp1251"),
     "cannot be told with confidence"),
    (b"text " * 3000 + b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 5, "binary"),
])
def test_an_unsure_guess_is_a_skip_with_its_reason(data: bytes, reason: str):
    with pytest.raises(UnreadableDocument, match=reason):
        decode(data)
