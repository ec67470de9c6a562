"""The process's one Sudachi dictionary (sudachidict-core), shared by the search analyser
(directory.search.analysis) and the やさしい日本語 helpers (directory.portal.plain). Loading it takes about a
second and ~100 MB, so it is loaded once, on first use, under a lock."""

import threading

_dictionary = None
_lock = threading.Lock()


def dictionary():
    global _dictionary
    if _dictionary is None:
        from sudachipy import Dictionary  # slow to import: only when first used

        with _lock:
            if _dictionary is None:
                _dictionary = Dictionary(dict="core")
    return _dictionary
