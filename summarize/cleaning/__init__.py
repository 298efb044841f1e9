"""Cleaning: a Document's lines or HTML into an Article (title, lede, body), every dropped line
with its reason.
"""
