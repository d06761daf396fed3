"""wsis-qa service: search and answers with citations over WSIS submissions."""
