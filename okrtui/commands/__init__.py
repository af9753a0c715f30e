"""The `okrtui` sub-commands, one module each (`sample`, `checkin`, `status`, `export`, `lint`,
`import_outline`), and the helpers they share.

Each module offers `register(subparsers)`, which adds its parser and sets `run` (and
`needs_existing_db`) as defaults; `okrtui.cli` opens the repository and calls `run(args, repo)`.
A command that can work without the database also sets `needs_db(args, path)`; when that says
no, `run(args, None)` is called and the database is not opened (nor created).
None of them imports Textual, directly or indirectly: quick entry from a shell stays fast
(docs/design.md, "Layers"), and a test checks it.
"""
