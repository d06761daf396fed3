"""Document upload and deletion with background re-index jobs."""
