"""The `okrtui` sub-commands, one module each (`sample`, `checkin`, `status`, `export`).

Each module offers `register(subparsers)`, which adds its parser and sets `run` (and
`needs_existing_db`) as defaults; `okrtui.cli` opens the repository and calls `run(args, repo)`.
None of them imports Textual, directly or indirectly: quick entry from a shell stays fast
(design.md, "Layers"), and a test checks it.
"""
