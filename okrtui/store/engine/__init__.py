"""The storage engine: one JSON file written atomically under a lock, its canonical format,
schema and migrations, transactions, the undo journal, the history archive, backups, restore
and the paths of all of them."""
