"""The real engines with fixed output lengths, so a random-weight model costs what a
real one's outputs would: the benchmark times them, the tests check they still plug into
the engines (the engines themselves carry nothing for the benchmark)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from summarize.translation.engines.ct2 import CTranslate2Engine
from summarize.translation.engines.marian import TransformersEngine


def fixed_output(longest: int) -> int:
    """Tokens each output of a batch decodes, given the batch's longest source in tokens
    (``</s>`` included): as many as that source has pieces."""
    return max(1, longest - 1)


class FixedOutputCTranslate2(CTranslate2Engine):
    """The CTranslate2 engine with every output of a batch exactly ``fixed`` tokens long,
    so a random-weight model costs what a real one's outputs would (the engines
    themselves carry nothing for the benchmark)."""

    fixed: Callable[[int], int] = staticmethod(fixed_output)

    def output_lengths(self, longest: int) -> tuple[int, int]:
        length = self.fixed(longest)
        return length, length


class FixedOutputTransformers(TransformersEngine):
    """The transformers engine with fixed output lengths, as above."""

    fixed: Callable[[int], int] = staticmethod(fixed_output)

    def output_lengths(self, source_tokens: int) -> dict[str, Any]:
        length = self.fixed(source_tokens)
        return {"min_new_tokens": length, "max_new_tokens": length, "forced_eos_token_id": None}
