"""Bytes to text: binary detection, BOMs, UTF-8, legacy single-byte encodings, mixed files, gzip.

Scraped text is often not clean UTF-8: Windows-1252 exports, or files stitched from several sources where some lines
are UTF-8 and others cp1252. We decode UTF-8 line by line and detect one legacy encoding for the lines that are not
UTF-8, so a mixed file comes out right in both parts.
"""

from __future__ import annotations

import codecs
import zlib

import charset_normalizer

from ..errors import InputTooLargeError, UnsupportedFormatError
from .signatures import BINARY_SIGNATURES, GZIP_MAGIC, OFFSET_SIGNATURES

#: Bytes inspected to decide whether a file is binary; 8 KiB is what git and file(1) look at.
BINARY_PROBE_BYTES = 8192

#: Share of control characters (other than tab, CR, LF, FF) above which content is binary. Text in any encoding has
#: essentially none; compressed or executable data has ~12% (uniform bytes: 29 of 256 values). 5% sits between the
#: two with margin for a stray control character in a scraped page (checked on the test fixtures and seeds).
MAX_CONTROL_RATIO = 0.05

#: Windows-1252 is the web's de facto legacy Western encoding (WHATWG maps "latin1" to it). charset-normalizer often
#: ranks cp1250 first for short Western text because both decode it without errors, so we keep cp1252 unless the other
#: candidate is clearly better. Margins calibrated on invented sentences in fr, es, pt, de, it, nl, no (cp1252
#: expected; Portuguese "ã" costs cp1252 a chaos of 0.063 against 0.0 for cp1250, hence 0.1), tr (cp1254: coherence
#: 0.50 vs 0.42 for cp1252, hence 0.05), ru (cp1251), pl, cs (cp1250), el (cp1253). Known miss: a short Hungarian
#: line in cp1250 ("ű", "ő") is read as cp1252.
PREFERRED_LEGACY_ENCODING = "cp1252"
CHAOS_MARGIN = 0.1
WINDOWS_1252_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"})
COHERENCE_MARGIN = 0.05

#: Copy size when decompressing: large enough to be fast, small enough to stop close to the size cap.
GZIP_CHUNK_BYTES = 1 << 16

TRUNCATED_GZIP = "truncated gzip: the compressed data ends early"

_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def binary_kind(data: bytes) -> str | None:
    """Why ``data`` is binary (a format name or "binary data"), or None when it may be text."""
    for signature, name in BINARY_SIGNATURES:
        if data.startswith(signature):
            return name
    for offset, signature, name in OFFSET_SIGNATURES:
        if data[offset : offset + len(signature)] == signature:
            return name
    if bom_encoding(data) in {"utf-16", "utf-32"}:
        return None  # NUL bytes are normal in UTF-16/32
    probe = data[:BINARY_PROBE_BYTES]
    if b"\x00" in probe:
        return "binary data"
    if probe:
        controls = sum(1 for byte in probe if byte in _CONTROL_BYTES)
        if controls / len(probe) > MAX_CONTROL_RATIO:
            return "binary data"
    return None


def ensure_text(data: bytes) -> None:
    kind = binary_kind(data)
    if kind is not None:
        detail = "" if kind == "binary data" else f" ({kind})"
        raise UnsupportedFormatError(f"binary file, not text{detail}")


def detect_legacy_encoding(data: bytes) -> str:
    """The single-byte encoding that best explains ``data`` (bytes that are not valid UTF-8)."""
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return PREFERRED_LEGACY_ENCODING
    if best.encoding == PREFERRED_LEGACY_ENCODING:
        return best.encoding
    western = charset_normalizer.from_bytes(data, cp_isolation=[PREFERRED_LEGACY_ENCODING]).best()
    if western is not None:
        if western.chaos <= best.chaos + CHAOS_MARGIN and western.coherence >= best.coherence - COHERENCE_MARGIN:
            return PREFERRED_LEGACY_ENCODING
        return best.encoding
    if best.coherence == 0.0 and _decodes(data, PREFERRED_LEGACY_ENCODING):
        # No language evidence for the alternative: fall back to the common case.
        return PREFERRED_LEGACY_ENCODING
    return best.encoding


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode ``data`` as text. ``declared`` (an HTTP or meta charset) wins when it decodes the bytes cleanly."""
    bom = bom_encoding(data)
    if bom is not None:
        return data.decode(bom, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        label = declared.strip().lower().replace("_", "-")
        # WHATWG Encoding: the labels latin1 / iso-8859-1 / ascii all mean windows-1252 on the web (servers say
        # "iso-8859-1" and send curly quotes and the euro sign from cp1252).
        encoding = PREFERRED_LEGACY_ENCODING if label in WINDOWS_1252_LABELS else label
        if label not in {"utf-8", "utf8"} and _decodes(data, encoding):
            return data.decode(encoding)
    lines = data.splitlines(keepends=True)
    legacy_lines = [line for line in lines if not _decodes(line, "utf-8")]
    encoding = detect_legacy_encoding(b"".join(legacy_lines))
    out: list[str] = []
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode(encoding, errors="replace"))
    return "".join(out)


def gunzip_partial(data: bytes, max_bytes: int) -> tuple[bytes, str | None]:
    """Decompress a (possibly multi-member) gzip stream, stopping as soon as the output passes ``max_bytes``.

    Returns what could be decompressed and, if the stream is damaged, why; a WARC.gz cut short still gives its
    complete records.
    """
    out = bytearray()
    rest = data
    while rest:
        if len(rest) < len(GZIP_MAGIC) and GZIP_MAGIC.startswith(rest):
            return bytes(out), TRUNCATED_GZIP
        if not rest.startswith(GZIP_MAGIC):
            if rest.strip(b"\x00"):
                return bytes(out), "corrupt gzip: unexpected data after the compressed stream"
            break  # zero padding after the last member is allowed
        stream = zlib.decompressobj(wbits=31)
        pending = rest
        while not stream.eof:
            try:
                out += stream.decompress(pending, GZIP_CHUNK_BYTES)
            except zlib.error as exc:
                return bytes(out), f"corrupt gzip: {exc}"
            if len(out) > max_bytes:
                raise InputTooLargeError(f"decompresses to over {format_size(max_bytes)}, the size cap (--max-bytes)")
            pending = stream.unconsumed_tail
            if not pending and not stream.eof:
                out += stream.flush()
                return bytes(out), TRUNCATED_GZIP
        rest = stream.unused_data
    return bytes(out), None


def format_size(size: int) -> str:
    """ "2.4 MB" (binary megabytes, so the default 50 * 1024 * 1024 cap reads "50 MB"); below 0.1 MB, "37 KB"."""
    megabytes = size / (1024 * 1024)
    if megabytes >= 0.1:
        return f"{megabytes:.1f}".removesuffix(".0") + " MB"
    return f"{max(round(size / 1024), 1) if size else 0} KB"
