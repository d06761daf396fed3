"""Retrieval: query understanding, filters, dense + keyword search and their fusion."""
