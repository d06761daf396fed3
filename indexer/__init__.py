"""Indexer: turns submissions in a corpus folder into a versioned on-disk snapshot."""
