"""Where stage functions run: in-process, or a local process pool (``local.py``)."""
