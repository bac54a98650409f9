"""Staged pipeline: UN Conference of the Parties reports -> validated Parquet tables."""
