"""Structured access logs and Prometheus metrics."""
