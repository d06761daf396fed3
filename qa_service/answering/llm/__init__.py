"""Optional generation by an OpenAI-compatible server, checked sentence by sentence against the passages."""
