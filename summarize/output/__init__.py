"""Output: Markdown and JSON rendering, slugs, atomic writes and the run lock."""
