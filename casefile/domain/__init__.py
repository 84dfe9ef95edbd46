"""Pure domain: data types, offset and anchoring maths, fuzzy dates, errors.

Nothing here imports Qt, SQLAlchemy or any other casefile layer.
"""
