"""Summaries: key points and a short summary, extractive by default or written by a model."""
