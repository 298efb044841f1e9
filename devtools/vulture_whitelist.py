"""Names vulture takes for unused that are used where it cannot see (``scripts/test``
runs ``vulture summarize devtools/vulture_whitelist.py``). Only genuine false
positives belong here, each with where it is used."""

from vulture.whitelist_utils import Whitelist

used = Whitelist()

# typer commands and click overrides, called by the framework
used.models_pull
used.models_list
used.models_path
used.show  # brief cache show|prune (cli_cache.py)
used.prune
used.collect_usage_pieces
# Ray actor methods, called by name through ActorPool.call/map/broadcast
used.hello
used.load_translator
used.plan
used.assemble
used.summary_key
used.drop
# engines, found by scanning translation/engines/ for Engine subclasses
used.TransformersEngine
used.CTranslate2Engine
# urllib3 hooks: the connection class and pool classes it instantiates
used.ConnectionCls
used.pool_classes_by_scheme
# transformers GenerationConfig fields, read by generate()
used.do_sample
used.top_p
used.top_k
# read by the templates (summarize/templates/*.j2)
used.any_by_model
# public records and API read by Python callers and the tests
used.body_bytes  # FetchStats, what the network cost
used.seconds_waiting
used.pid  # WorkerInfo, of kept_workers()
used.threads
used.kept_workers
used.last_parts  # ModelSummarizer: chunks of the last article (tests/test_abstractive.py)
used.render_prompt  # ChatSummarizer: the prompt a model is given (tests/test_abstractive.py)
# library functions the developer tools call (devtools/ is not scanned)
used.content_lemmas  # devtools/build_frequencies.py builds lexicon/frequencies.txt with it
