"""Answers with verifiable citations: sentence selection, composition, abstention, follow-ups, LLM option."""
