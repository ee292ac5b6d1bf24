"""Data tables for format sniffing: file signatures, extensions and media types.

Kept apart from the logic so the lists can grow without touching the readers.
"""

from __future__ import annotations

#: Leading bytes of formats that are never news text. Matched at offset 0 (except where noted in
#: ``OFFSET_SIGNATURES``). Two-byte signatures (BMP "BM", DOS "MZ") are left out on purpose: they are also the start
#: of ordinary text ("BMW ..."); those files are still refused by the control-character test.
#: Sources: the formats' specifications and the IANA media-type registrations.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x00\x00\x01\x00", "ICO image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xca\xfe\xba\xbe", "Mach-O / Java class file"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (DOC/XLS)"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"PAR1", "Parquet file"),
    (b"ARROW1", "Arrow file"),
    (b"\x93NUMPY", "NumPy array"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM video"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"\x00asm", "WebAssembly module"),
)

#: Signatures found a few bytes in (container formats with a size field first).
OFFSET_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (4, b"ftyp", "MP4/MOV video"),
    (8, b"WEBP", "WebP image"),
    (8, b"AVI ", "AVI video"),
    (8, b"WAVE", "WAV audio"),
)

GZIP_MAGIC = b"\x1f\x8b"
WARC_MAGIC = b"WARC/"

TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md", ".markdown", ".rst"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp"})
JSON_EXTENSIONS = frozenset({".json", ".jsonl", ".ndjson", ".jsonlines"})
FEED_EXTENSIONS = frozenset({".rss", ".atom", ".xml", ".rdf"})
WARC_EXTENSIONS = frozenset({".warc", ".arc"})

#: Media types a fetched URL may have; anything else (images, PDF, video, archives) is refused before reading.
ACCEPTED_MEDIA_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "text/markdown",
        "application/json",
        "application/x-ndjson",
        "application/jsonl",
        "application/ld+json",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "application/warc",
        "application/gzip",
        "application/x-gzip",
    }
)

MEDIA_TYPE_FORMATS: dict[str, str] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/json": "json",
    "application/x-ndjson": "json",
    "application/jsonl": "json",
    "application/warc": "warc",
}

#: Root elements that make an XML document a feed (RSS 0.9x/2.0, RSS 1.0 RDF, Atom).
FEED_ROOT_ELEMENTS = ("rss", "rdf:rdf", "feed")

#: Openings that make a document HTML.
HTML_MARKERS = (
    "<!doctype html",
    "<html",
    "<head",
    "<body",
    "<article",
    "<main",
    "<div",
    "<p>",
    "<p ",
    "<meta",
    "<title",
)

#: HTML element names that, found as tags in a plain-text or JSON body, mean the body is markup to be converted.
#: Restricted to real element names so prose such as "a <b and c> d" or "x < y" is not mistaken for markup.
HTML_TAG_NAMES = (
    "a|abbr|address|article|aside|b|blockquote|body|br|caption|center|cite|code|dd|div|dl|dt|em|figcaption|"
    "figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|li|link|main|meta|nav|noscript|ol|p|"
    "picture|pre|q|s|section|small|source|span|strong|style|sub|sup|script|table|tbody|td|template|th|thead|"
    "time|title|tr|u|ul|video"
)

#: Void elements (never closed) that still mark a body as markup, plus script/style which must be caught even when
#: their closing tag is missing.
HTML_UNCLOSED_TAG_NAMES = "br|img|hr|meta|link|input|source|iframe|script|style"

#: Elements whose content is never article text; deleted with their content when converting a fragment.
HTML_DROPPED_ELEMENTS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head")

#: Elements that start a new line when a fragment is turned into text (paragraph breaks survive as newlines).
HTML_BLOCK_ELEMENTS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
        "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
