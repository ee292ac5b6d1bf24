"""One exception tree for everything storyweave raises on purpose.

    StoryweaveError                 base: the message says what was wrong and what to do
    ├── InputError                  one input item could not be read (the batch goes on)
    │   ├── EmptyInputError         nothing readable in it
    │   ├── UnsupportedFormatError  not a format we read (binary, unknown extension)
    │   ├── InputTooLargeError      over the configured size cap
    │   ├── CorruptInputError       truncated or malformed (gzip, WARC, JSON)
    │   └── FetchError              a URL could not be fetched (timeout, HTTP status, content type)
    ├── StoreError                  the database could not be opened or written
    ├── ConfigError                 an option has a value we cannot use
    └── EngineError                 a distributed engine could not be reached, or lost its workers for good

The CLI prints ``str(error)`` on one line and never a traceback for these.
"""

from __future__ import annotations


class StoryweaveError(Exception):
    """Base of every error storyweave raises deliberately."""


class InputError(StoryweaveError):
    """One input item could not be read."""


class EmptyInputError(InputError):
    pass


class UnsupportedFormatError(InputError):
    pass


class InputTooLargeError(InputError):
    pass


class CorruptInputError(InputError):
    pass


class FetchError(InputError):
    pass


class StoreError(StoryweaveError):
    pass


class ConfigError(StoryweaveError):
    pass


class EngineError(StoryweaveError):
    pass
