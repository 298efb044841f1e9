"""UTF-16 without a byte-order mark is read by where its NUL bytes fall; a binary file,
whose NULs fall anywhere, is still refused. Real articles, the real CLI."""

from __future__ import annotations

import random
import struct
import sys
import zlib
from pathlib import Path

import pytest
from one_file import brief_one

from summarize.errors import InputError
from summarize.inputs.sources import decode

REALDATA = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"
needs_realdata = pytest.mark.skipif(
    not REALDATA.is_dir(), reason=f"real pages not available ({REALDATA} is absent)"
)


@needs_realdata
@pytest.mark.parametrize("name", ["pages/02.dump.txt", "summaries/04.txt"])
def test_utf16_without_a_bom_is_briefed_like_utf8(tmp_path: Path, name: str) -> None:
    text = (REALDATA / name).read_text(encoding="utf-8")
    code, output, twin = brief_one(tmp_path / "utf8", text.encode("utf-8"))
    assert code == 0, output
    for codec in ("utf-16-le", "utf-16-be"):
        code, output, briefing = brief_one(tmp_path / codec, text.encode(codec))
        assert code == 0, f"{codec}: {output}"
        assert briefing == twin, codec


@needs_realdata
def test_utf16_decodes_to_the_same_text_in_both_byte_orders() -> None:
    text = (REALDATA / "pages" / "05.dump.txt").read_text(encoding="utf-8")
    assert decode(text.encode("utf-16-le"), "a.txt") == (text, "utf-16-le")
    assert decode(text.encode("utf-16-be"), "a.txt") == (text, "utf-16-be")
    # a last byte cut off halves a character, not the text
    assert decode(text.encode("utf-16-le")[:-1], "a.txt")[0] == text[:-1]


def _png(width: int, height: int) -> bytes:
    """A real PNG (greyscale gradient): NUL bytes in its header and chunk lengths."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes((x * y) % 256 for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _binaries() -> dict[str, bytes]:
    rng = random.Random(7)
    noise = bytearray(rng.randrange(256) for _ in range(8192))
    for i in range(1, len(noise), 2):  # NULs at every odd offset, like UTF-16-LE
        noise[i] = 0
    return {
        "png": _png(64, 64),
        "python executable": Path(sys.executable).resolve().read_bytes()[:65536],
        "random bytes with NULs": bytes(rng.randrange(256) for _ in range(4096)) + b"\x00" * 64,
        "noise with UTF-16's NUL pattern": bytes(noise),
    }


@pytest.mark.parametrize("name", list(_binaries()))
def test_binaries_are_still_refused(name: str) -> None:
    with pytest.raises(InputError, match=r"binary file"):
        decode(_binaries()[name], "a.txt")


def test_a_binary_is_refused_by_the_cli(tmp_path: Path) -> None:
    code, output, briefing = brief_one(tmp_path, _png(64, 64))
    assert code == 1 and not briefing
    assert "in/a.txt: binary file (NUL bytes), not text" in output
