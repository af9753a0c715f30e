"""Persistence: TinyDB behind an atomic, locked, versioned storage and a repository API.

Imports no Textual. Screens and commands use `Repository`; nothing else touches TinyDB.
"""
