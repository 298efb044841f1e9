"""brief: bilingual briefings and a digest from Italian news articles.

The library works without the CLI: every stage is a function from plain data to
plain data (see ``summarize.pipeline.run`` for the whole chain).
"""

__version__ = "0.1.0"
