"""Write the action-line digest of a year as Markdown and/or DOCX, for drafting in Word.

    python -m qa_service.digest --year 2021 --out digest.docx --out digest.md [--entity UNDP] [--action-line C7]

Reads the active snapshot of QA_INDEX_DIR (default ./index), as the service does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qa_service.digest import docx, markdown
from qa_service.digest.lines import DIGEST_CODES
from qa_service.errors import QAError

WRITERS = {".md": lambda d: markdown.render(d).encode("utf-8"), ".docx": docx.render}


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m qa_service.digest", description=__doc__.split("\n")[0])
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--entity", help="only this entity (id or full name)")
    parser.add_argument("--action-line", choices=DIGEST_CODES, help="only this action line")
    parser.add_argument("--per-entity", type=int, default=3, help="key sentences per entity and line (1-10)")
    parser.add_argument("--index", type=Path, help="index folder (QA_INDEX_DIR)")
    parser.add_argument(
        "--out", type=Path, action="append", required=True, help="file to write, .md or .docx; repeatable"
    )
    args = parser.parse_args(argv)
    for out in args.out:
        if out.suffix.lower() not in WRITERS:
            parser.error(f"--out {out}: the name must end in .md or .docx")
    if not 1 <= args.per_entity <= 10:
        parser.error("--per-entity must be between 1 and 10")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    import torch

    from qa_service.answering.vectors import SentenceVectors
    from qa_service.digest.compose import DigestMaker, DigestRequest
    from qa_service.engine import Engine
    from qa_service.settings import Settings

    torch.set_num_threads(1)
    overrides = {"index_dir": args.index} if args.index else {}
    settings = Settings(reload_interval_s=0, **overrides)
    engine = Engine.from_settings(settings)
    try:
        maker = DigestMaker(engine.embed_query, SentenceVectors.shared(engine.embedder, settings.sentence_cache_size))
        digest = maker.make(DigestRequest(args.year, args.entity, args.action_line, args.per_entity), engine.index)
    except QAError as exc:
        print(f"error ({exc.code}): {exc.message}", file=sys.stderr)
        return 2
    finally:
        engine.stop()
    for out in args.out:
        out.write_bytes(WRITERS[out.suffix.lower()](digest))
        print(f"wrote {out}")
    addressed = sum(line.addressed for line in digest.action_lines)
    print(f"{addressed} of {len(digest.action_lines)} action lines addressed, from {len(digest.documents)} submissions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
