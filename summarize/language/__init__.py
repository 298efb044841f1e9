"""Italian language tools shared by the stages: language detection, sentence splitting, people and
places.
"""
