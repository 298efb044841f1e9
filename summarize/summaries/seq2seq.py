"""Sequence-to-sequence summarisers (BART, T5, mT5, IT5, Pegasus, ...).

The cleaned article is the input, cut at sentence boundaries into chunks that fit the
model (the chunker translation uses too), each chunk summarised, and the partial
summaries summarised again until one is left; nothing is ever truncated. The model
writes the language of its input (Italian) unless its tokenizer config names a target
language.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarize.language.chunker import chunk_text
from summarize.summaries.model import PARTIALS_PER_INPUT, ModelSummarizer, tidy
from summarize.wording import counted


class Seq2SeqSummarizer(ModelSummarizer):
    kind = "seq2seq"

    @property
    def input_limit(self) -> int:
        """Tokens of article text one seq2seq call takes (specials and prefix excluded)."""
        specials = self._tokenizer().num_special_tokens_to_add()
        prefix = self.count_tokens(self.info.prefix) if self.info.prefix else 0
        return self.info.max_input - specials - prefix

    @property
    def max_new_tokens(self) -> int:
        limit = self.options.max_new_tokens
        if self.info.learned_positions:
            limit = min(limit, self.info.max_input - 1)  # decoder start token + output
        return max(1, limit)

    def chunks(self, text: str) -> list[str]:
        """How the model's input is cut (exposed for tests)."""
        return chunk_text(text, self.count_tokens, self.input_limit)

    def write(self, title: str, body: Sequence[str]) -> tuple[str, list[str]]:
        text = "\n".join([title, *body])
        limit = self.input_limit
        chunks = self.chunks(text)
        self.last_parts = len(chunks)
        if len(chunks) == 1:
            return self._seq2seq_call(chunks[0], self.max_new_tokens), []
        partial_tokens = min(self.max_new_tokens, max(1, limit // PARTIALS_PER_INPUT))
        partials = [self._seq2seq_call(chunk, partial_tokens) for chunk in chunks]
        warnings = [
            "article longer than the summariser's input "
            f"({counted(self.count_tokens(text), 'token')}, "
            f"limit {limit}): summarised in {counted(len(chunks), 'part')}, then combined"
        ]
        combined = self._reduce(
            partials,
            warnings,
            fits=lambda group: self.count_tokens(" ".join(group)) <= limit,
            split=lambda text: chunk_text(text, self.count_tokens, limit),
            summarise=lambda group, final: self._seq2seq_call(
                " ".join(group), self.max_new_tokens if final else partial_tokens
            ),
        )
        return combined, warnings

    def _seq2seq_call(self, text: str, new_tokens: int) -> str:
        encoded = self.tokenizer(self.info.prefix + text, return_tensors="pt", truncation=False)
        length = int(encoded["input_ids"].shape[1])
        if length > self.info.max_input:
            raise RuntimeError(
                f"chunk of {counted(length, 'token')} exceeds the model's {self.info.max_input}"
            )
        generated = self._generate(encoded, new_tokens)
        return tidy(self.tokenizer.decode(generated[0], skip_special_tokens=True))

    # causal ---------------------------------------------------------------------------
