"""Pure ASGI middleware: request ids, access logs and metrics; deadlines and load shedding."""
