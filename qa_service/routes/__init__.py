"""Thin HTTP routes: validate, call the engine, map to response models."""
