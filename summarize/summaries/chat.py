"""Causal instruction models with a chat template (Qwen, Llama, Mistral, ...).

Prompted through the templates of :mod:`summarize.summaries.prompts` (and
``summary_combine.j2`` to combine the partial summaries of a long article), the model
writes the briefing's language; the Italian side of the briefing then comes from the
extractive summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from summarize.language.chunker import chunk_text
from summarize.summaries.model import PARTIALS_PER_INPUT, ModelSummarizer, tidy
from summarize.summaries.prompts import language_name
from summarize.wording import counted

# Target length in words handed to the prompt: sentences x 22, the mean sentence length
# of Italian news prose (the seeds' sentences average 21-24 words).
WORDS_PER_SENTENCE = 22
# Tokens kept free in a causal prompt beyond the template's own: a chunk's text may
# tokenise a few pieces longer inside the prompt than alone (merges across the join).
PROMPT_MARGIN = 16
# A causal model whose context leaves less than this for article text per call cannot
# summarise usefully (the prompt alone nearly fills it).
MIN_TEXT_BUDGET = 48


class ChatSummarizer(ModelSummarizer):
    kind = "causal"

    @property
    def max_new_tokens(self) -> int:
        return max(1, min(self.options.max_new_tokens, self.info.max_input // 2))

    def render_prompt(self, title: str, text: str, part: int = 1, parts: int = 1) -> str:
        """The chat prompt a causal model gets for an article (or one of its parts), as
        text: the user's templates rendered, then the model's chat template applied."""
        variables = self._variables()
        user = self.prompts.user(title=title, text=text, part=part, parts=parts, **variables)
        return self._chat_text(variables, user)

    def _variables(self) -> dict[str, Any]:
        lang = self.writes
        return {
            "language": language_name(lang),
            "language_code": lang,
            "sentences": self.options.sentences,
            "words": self.options.sentences * WORDS_PER_SENTENCE,
        }

    def write(self, title: str, body: Sequence[str]) -> tuple[str, list[str]]:
        text = "\n".join(body)
        variables = self._variables()
        context = self.info.max_input - self.max_new_tokens
        # The template's own tokens, rendered with the widest part numbers.
        frame = self.prompts.user(title=title, text="", part=999, parts=999, **variables)
        empty = self._chat(variables, frame)
        budget = context - len(empty) - PROMPT_MARGIN
        if budget < MIN_TEXT_BUDGET:
            raise RuntimeError(
                f"the model's context ({counted(self.info.max_input, 'token')}) "
                "leaves no room for the article"
            )
        if self.count_tokens(text) <= budget:
            self.last_parts = 1
            prompt = self.prompts.user(title=title, text=text, part=1, parts=1, **variables)
            return self._causal_call(self._chat(variables, prompt), self.max_new_tokens), []

        chunks = chunk_text(text, self.count_tokens, budget)
        self.last_parts = len(chunks)
        partial_tokens = min(self.max_new_tokens, max(1, budget // PARTIALS_PER_INPUT))
        partials = []
        for number, chunk in enumerate(chunks, 1):
            prompt = self.prompts.user(
                title=title, text=chunk, part=number, parts=len(chunks), **variables
            )
            partials.append(self._causal_call(self._chat(variables, prompt), partial_tokens))
        warnings = [
            "article longer than the summariser's context "
            f"({counted(self.count_tokens(text), 'token')}, "
            f"room for {budget}): summarised in {counted(len(chunks), 'part')}, then combined"
        ]

        def combined(group: list[str]) -> list[int]:
            prompt = self.prompts.combine(title=title, summaries=group, **variables)
            return self._chat(variables, prompt)

        text_out = self._reduce(
            partials,
            warnings,
            fits=lambda group: len(combined(group)) <= context,
            split=lambda text: chunk_text(text, self.count_tokens, budget),
            summarise=lambda group, final: self._causal_call(
                combined(group), self.max_new_tokens if final else partial_tokens
            ),
        )
        return text_out, warnings

    def _chat_text(self, variables: dict[str, Any], user: str) -> str:
        system = self.prompts.system(**variables)
        messages = [{"role": "system", "content": system}] if system else []
        messages.append({"role": "user", "content": user})
        return _apply_chat_template(self._tokenizer(), messages)

    def _chat(self, variables: dict[str, Any], user: str) -> list[int]:
        """Token ids of the chat prompt, ending where the assistant's answer starts."""
        rendered = self._chat_text(variables, user)
        return list(self._tokenizer()(rendered, add_special_tokens=False)["input_ids"])

    def _causal_call(self, ids: list[int], new_tokens: int) -> str:
        import torch

        if len(ids) + new_tokens > self.info.max_input:
            raise RuntimeError(
                f"prompt of {counted(len(ids), 'token')} leaves no room to answer "
                f"in {self.info.max_input}"
            )
        input_ids = torch.tensor([ids], dtype=torch.long)
        encoded = {"input_ids": input_ids, "attention_mask": torch.ones_like(input_ids)}
        generated = self._generate(encoded, new_tokens)
        return tidy(self.tokenizer.decode(generated[0][len(ids) :], skip_special_tokens=True))


def _apply_chat_template(tokenizer: Any, messages: list[dict[str, str]]) -> str:
    from jinja2 import TemplateError

    kwargs = {"tokenize": False, "add_generation_prompt": True, "enable_thinking": False}
    try:
        return str(tokenizer.apply_chat_template(messages, **kwargs))
    except TemplateError:
        if messages[0]["role"] != "system":
            raise
    # Some templates (Gemma, early Mistral) reject a system role: fold it into the user turn.
    merged = f"{messages[0]['content']}\n\n{messages[1]['content']}"
    return str(tokenizer.apply_chat_template([{"role": "user", "content": merged}], **kwargs))
