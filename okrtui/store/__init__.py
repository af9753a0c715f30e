"""Persistence, by job: `engine` (the file, its format, schema, transactions, journal, archive,
backups, restore, paths), `repository` (the API screens and commands use) and `team` (sharing a
database through git: driver registration, sync, merges, conflicts).

Imports no Textual. Screens and commands use `Repository`; nothing else touches TinyDB.
"""
