"""A page analyzer that takes its time, for tests that interrupt a ``chaff filter`` run.

It lives in a module of its own so that filter workers (started by a forkserver) can import it.
"""

import time

import classifier


def slow_score(page, **options):
    time.sleep(0.3)
    return classifier.score(page, **options)
