"""The model runtime shared by translation and summaries: Hugging Face models, the cache of
results.
"""
