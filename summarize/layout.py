"""The names of what brief writes in an output folder, on the lowest floor: the writer
(``output/``) makes these files and the input finder (``inputs/sources.py``) must
recognise them, so that a run never briefs an earlier run's output."""

LOCK_NAME = ".brief.lock"
DIGEST_JSON = "digest.json"
