"""A fixed development split of the shared data, by a hash of each record's id.

The shipped models are trained on everything; models trained without the ``dev`` part are
scored on it to give honest held-out figures (the benchmarks' ``--split dev``).
"""

from __future__ import annotations

import hashlib


def is_dev(record_id: str, *, parts: int = 5) -> bool:
    """True for the one part in ``parts`` of ids held out for development evaluation.

    >>> is_dev("a"), is_dev("b")
    (False, True)
    """
    return int(hashlib.sha1(record_id.encode("utf-8")).hexdigest(), 16) % parts == 0
