"""Model-written summaries: the entry points the pipeline (and the Ray runner) use.

The extractive summary stays the default and the safety net: a model summary replaces
its sentences only when it passes the faithfulness checks. Two strategies sit behind one
interface (:class:`summarize.summaries.model.ModelSummarizer`): sequence-to-sequence
summarisers (``summaries.seq2seq``) and instruction models with a chat template
(``summaries.chat``), told apart by their ``config.json`` (``summaries.modelinfo``).
Nothing here imports torch or transformers until the first summary is asked for.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from summarize.errors import TemplateFailure
from summarize.records import Article, Summary
from summarize.summaries.chat import ChatSummarizer
from summarize.summaries.model import ModelSummarizer
from summarize.summaries.modelinfo import inspect_model, summary_key
from summarize.summaries.options import AbstractiveOptions, check_options
from summarize.summaries.prompts import PROMPT_TEMPLATES, load_prompts
from summarize.summaries.seq2seq import Seq2SeqSummarizer

__all__ = [
    "PROMPT_TEMPLATES",
    "AbstractiveOptions",
    "ModelSummarizer",
    "check_summarizer",
    "inspect_model",
    "load_prompts",
    "load_summarizer",
    "summarize_or_fallback",
]

log = logging.getLogger(__name__)

# Model kind (as ``modelinfo.detect_kind`` names it) -> the strategy that summarises.
STRATEGIES: dict[str, type[ModelSummarizer]] = {
    Seq2SeqSummarizer.kind: Seq2SeqSummarizer,
    ChatSummarizer.kind: ChatSummarizer,
}


def load_summarizer(options: AbstractiveOptions) -> ModelSummarizer:
    """A summariser for ``options.model``; the weights load on the first summary."""
    check_options(options)
    info = inspect_model(options)
    return STRATEGIES[info.kind](options, info, load_prompts(options.prompts_dir))


def check_summarizer(options: AbstractiveOptions) -> str:
    """Fail early (ModelUnavailable) if the model cannot summarise; else the cache key of
    its summaries: model identity, kind, decoding settings and prompt templates.

    Reads JSON files only, so a run whose summaries are all cached never imports torch.
    """
    check_options(options)
    info = inspect_model(options)
    prompts = load_prompts(options.prompts_dir) if info.kind == "causal" else None
    return summary_key(info, options, prompts.digest if prompts else None)


def summarize_or_fallback(
    load: Callable[[], ModelSummarizer], article: Article, extractive: Summary
) -> tuple[Summary, bool]:
    """The model's summary of ``article`` and whether to cache it. Any failure of the model
    (it cannot load, runs out of memory, ...) gives the extractive summary with a warning,
    which is not cached: one article's summary never sinks a run."""
    try:
        summary = load().summarize(article, extractive)
    except TemplateFailure:
        raise  # the user's prompt template, not the model: named, the article stays new
    except Exception as exc:  # any model fault, SafetensorError included, falls back
        log.debug("model summary failed for %s", article.source, exc_info=True)
        extractive.warnings.append(f"model summary failed ({exc}); extractive summary used")
        return extractive, False
    return summary, True
