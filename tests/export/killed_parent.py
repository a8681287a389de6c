"""An export whose process is killed while its workers render (test_parallel_jsonl.py):
`python killed_parent.py DATABASE OUTPUT FOLDER` exports with two workers, four claims a
chunk; each chunk's worker leaves a file `INDEX-PID` in FOLDER, and the first chunk takes a
few seconds, so that the worker of the second waits for its turn when the test kills this
process."""

from __future__ import annotations

import functools
import os
import sys
import time
from pathlib import Path


def note_and_render(folder: str, task):
    (Path(folder) / f"{task.index}-{os.getpid()}").touch()
    if task.index == 0:
        time.sleep(5)
    from claimdesk.export import parallel_jsonl

    return parallel_jsonl._render(task)


if __name__ == "__main__":
    from claimdesk.export import ExportRequest, export_dataset, parallel_jsonl
    from claimdesk.store.engine import open_database

    database, output, folder = sys.argv[1:4]
    os.environ[parallel_jsonl.ENVIRONMENT] = "2"
    parallel_jsonl.PARALLEL_FROM = 0
    parallel_jsonl.CHUNK_CLAIMS = 4
    parallel_jsonl._render = functools.partial(note_and_render, folder)
    export_dataset(open_database(database, migrate=False), ExportRequest("jsonl", Path(output)))
