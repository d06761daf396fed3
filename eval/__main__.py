"""``python -m eval [options]`` runs the suite; ``beir``, ``squad``, ``sweep``, ``validate`` and ``schema``
are subcommands (also installed as ``wsis-eval``)."""

from __future__ import annotations

import argparse
import logging
import os
import sys

COMMANDS = ("beir", "squad", "sweep", "validate", "schema")


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        return _subcommand(argv[0], argv[1:])
    from eval import suite

    parser = argparse.ArgumentParser(
        prog="python -m eval",
        description="Run the eval cases against the service and write a report to eval/reports/. "
        f"Other commands: {', '.join(COMMANDS)} (see python -m eval COMMAND --help).",
    )
    suite.add_arguments(parser)
    return _guarded(suite.run, parser.parse_args(argv))


def _subcommand(name: str, argv: list[str]) -> int:
    import importlib

    if name in ("validate", "schema"):
        from eval import validate

        return validate.main(name, argv)
    module = importlib.import_module(f"eval.{name}")
    parser = argparse.ArgumentParser(prog=f"python -m eval {name}", description=module.__doc__)
    module.add_arguments(parser)
    return _guarded(module.run, parser.parse_args(argv))


def _guarded(func, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    """Expected failures (bad cases, unreachable service, missing data) as one line, not a traceback."""
    from eval.cases import CaseError
    from eval.client import EvalError

    try:
        result: int = func(args)
        return result
    except (CaseError, EvalError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
