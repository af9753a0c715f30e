"""Sharing a database through git: the merge driver's registration, `okrtui sync`, the
record-level three-way merge, text merges of fields, and the conflicts a merge leaves open."""
