"""Translation: the engine interface, its MarianMT engines (transformers, CTranslate2) and
translation checks.
"""
