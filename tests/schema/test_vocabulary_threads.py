"""The vocabulary's first use from many threads at once (a fresh process each time)."""

from __future__ import annotations

import ast
import subprocess
import sys

FIRST_USE_FROM_THREADS = """
import threading
from specmock.schema.vocabulary import vocabulary

barrier = threading.Barrier(8)
errors = []
seen = []

def use():
    barrier.wait()
    try:
        seen.append(len(vocabulary().first_names))
    except BaseException as error:  # an import deadlock is reported as an exception
        errors.append(repr(error))

threads = [threading.Thread(target=use) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(errors or sorted(set(seen)))
"""


def test_threads_that_start_at_once_share_one_vocabulary() -> None:
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", FIRST_USE_FROM_THREADS],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        out = done.stdout.strip()
        assert out.startswith("[") and "Error" not in out, out
        assert len(ast.literal_eval(out)) == 1  # every thread saw the same lists
