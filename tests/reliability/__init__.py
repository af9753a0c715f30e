"""Reliability: crashes, concurrent writers, bad files, failing disks, locales, and
property tests over the CLI, the outline parser and the models."""
