"""The evaluation suite: question-answer cases over the corpus, metrics, reports and external benchmarks.

Run ``python -m eval --help``. Everything talks to the service's HTTP API (in-process
through the ASGI app, or over the network with ``--url``), so the figures describe
what a client gets.
"""
