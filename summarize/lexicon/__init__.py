"""Language data: word lists and tables, apart from the algorithms that use them.

Nothing here computes anything beyond turning a table into a dict; the modules that
read the lists (``language.detect``, ``language.entities``, ``cleaning.clean``,
``summaries.extractive``, ``summaries.faithfulness``) own the rules.
"""
