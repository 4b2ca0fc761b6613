"""Bytes to text, safely: size limit, emptiness, wide Unicode (UTF-16/32), binary detection, encoding detection.

UTF-16 and UTF-32 are full of NUL bytes, so they are recognised (by their byte-order mark, else by the NULs
falling on every second or every fourth byte, as they do in mostly-Latin text) before the binary check.
"""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from strife.records import Skip

WESTERN = ("cp1252", "iso8859_1", "iso8859_15")
CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))
BOMS = ((b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\xfe\xff", "utf-16"),
        (b"\xff\xfe", "utf-16"))
SAMPLE = 4096  # bytes the encoding checks read
WIDE_ZERO_SHARE = 0.3  # share of NULs at a wide encoding's high-byte positions, at least


def read_bytes(path: Path, max_bytes: int) -> bytes | Skip:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Skip(str(path), f"file over {max_bytes // 1_000_000} MB ({size:,} bytes)")
        return path.read_bytes()
    except OSError as err:
        return Skip(str(path), f"cannot read: {err.strerror or err}")


def decode(data: bytes, origin: str) -> str | Skip:
    """UTF-8 when it is; else the encoding charset-normalizer finds; binary and empty inputs are skipped."""
    if not data.strip():
        return Skip(origin, "empty input")
    wide = wide_text(data)
    if wide is not None:
        return wide if wide.strip() else Skip(origin, "empty input")
    if looks_binary(data):
        return Skip(origin, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return guess_encoding(data, origin)


def text_encoding(sample: bytes) -> str:
    """The encoding to open a text stream with, from its first bytes: a wide one, else UTF-8."""
    return wide_encoding(sample) or "utf-8-sig"


def wide_text(data: bytes) -> str | None:
    """The text of UTF-16 or UTF-32 bytes (that decode cleanly and hold no control characters), else None."""
    encoding = wide_encoding(data)
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if looks_binary(text[:SAMPLE].encode("utf-8", errors="replace")) else text


def wide_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16 (with the byte order) by byte-order mark, else by where the NUL bytes fall."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:SAMPLE]
    for width, name in ((4, "utf-32"), (2, "utf-16")):
        sample_w = sample[:len(sample) - len(sample) % width]
        if len(sample_w) < 2 * width:
            continue
        zeros = [sample_w[i::width].count(0) / (len(sample_w) // width) for i in range(width)]
        if zeros[0] < 0.05 and min(zeros[1:]) >= WIDE_ZERO_SHARE:
            return f"{name}-le"
        if zeros[-1] < 0.05 and min(zeros[:-1]) >= WIDE_ZERO_SHARE:
            return f"{name}-be"
    return None


def guess_encoding(data: bytes, origin: str) -> str | Skip:
    """charset-normalizer's guess; on a tie, Western encodings first (short texts are ambiguous)."""
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return Skip(origin, "cannot detect the text encoding")
    for match in matches:
        if match.encoding in WESTERN and match.chaos <= best.chaos + 0.01:
            return str(match)
    return str(best)


def looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([b])) for b in CONTROL_BYTES)
    return controls > len(sample) * 0.05
