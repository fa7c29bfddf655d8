"""Catalogue core: models, loading, validation, communes, matching, rendering.

Plain Python: nothing here imports rasa, rasa_sdk or telegram, so it is unit-tested in
milliseconds and used by the action server, the staff validator and the benchmarks alike.
"""
