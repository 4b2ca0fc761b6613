"""Bytes to text, safely: size limit, emptiness, binary detection, encoding detection."""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from strife.records import Skip

WESTERN = ("cp1252", "iso8859_1", "iso8859_15")
CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))


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
    if looks_binary(data):
        return Skip(origin, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return guess_encoding(data, origin)


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
