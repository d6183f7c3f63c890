"""Bytes to text, refusing binary junk and guessing legacy encodings only when UTF-8 fails."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from chinatracker.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALLOWED_CONTROLS = {9, 10, 12, 13}
# Text written by people has almost no control characters; binary files are full of them.
MAX_CONTROL_SHARE = 0.02


def control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    controls = sum(1 for b in sample if b < 32 and b not in _ALLOWED_CONTROLS)
    return controls / len(sample)


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we accept."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in head or control_share(head) > MAX_CONTROL_SHARE


def decode_text(data: bytes) -> str:
    """Decode a text file: BOM, then UTF-8, then the best legacy guess; the BOM is dropped."""
    if not data.strip():
        raise InputError("empty", "the file is empty")
    if looks_binary(data):
        raise InputError("binary", "binary content (NUL or control bytes), not a text document")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise InputError("encoding", f"broken {encoding} text: {exc.reason}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guess = from_bytes(data[:200_000]).best()
    if guess is None or guess.encoding is None:
        raise InputError("encoding", "undecodable bytes: neither UTF-8 nor a recognisable encoding")
    try:
        text = data.decode(guess.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError("encoding", f"undecodable bytes (tried {guess.encoding})") from exc
    if control_share(text[:8192].encode("utf-8", "replace")) > MAX_CONTROL_SHARE:
        raise InputError("binary", "binary content after decoding, not a text document")
    return text
