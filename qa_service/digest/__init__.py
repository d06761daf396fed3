"""The action-line digest: per WSIS action line, the entities whose submissions address it, with cited key sentences."""
