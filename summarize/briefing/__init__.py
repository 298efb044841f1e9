"""Briefings and the digest: records built from an article's parts, stories grouped across
articles.
"""
