"""Manage API keys: ``python -m qa_service.keys add|list|revoke``.

The store is the file named by QA_API_KEYS_FILE (default var/api-keys.json) or --file.
``add`` prints the new key once, alone on its last line; only its hash is stored.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qa_service.security.keys import KeyStore, KeyStoreError, parse_scopes


def main(argv: list[str] | None = None) -> int:
    from qa_service.settings import Settings

    parser = argparse.ArgumentParser(prog="python -m qa_service.keys", description=__doc__)
    parser.add_argument("--file", type=Path, default=None, help="key store (default: QA_API_KEYS_FILE)")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="create a key and print it once")
    add.add_argument("--scopes", required=True, help="comma-separated: search, chat, admin")
    add.add_argument("--name", default=None, help="a label shown in logs and `list` (e.g. portal-x)")
    listing = sub.add_parser("list", help="show keys (never the keys themselves)")
    listing.add_argument("--json", action="store_true")
    revoke = sub.add_parser("revoke", help="revoke a key by id or name")
    revoke.add_argument("key", help="the key's id or name")
    args = parser.parse_args(argv)
    store = KeyStore(args.file or Settings().keys_file)
    try:
        if args.command == "add":
            record, secret = store.add(parse_scopes(args.scopes), args.name)
            print(f"added key {record.id} '{record.name}' with scopes {','.join(record.scopes)} to {store.path}")
            print("store it now: it is shown only this once", file=sys.stderr)
            print(secret)
        elif args.command == "list":
            keys = [k.public() for k in store.records()]
            if args.json:
                print(json.dumps(keys, indent=1))
            for key in [] if args.json else keys:
                state = f"revoked {key['revoked']}" if key["revoked"] else "active"
                print(f"{key['id']}  {key['name']:<24} {','.join(key['scopes']):<20} {key['created']}  {state}")
        else:
            record = store.revoke(args.key)
            print(f"revoked key {record.id} '{record.name}'")
    except KeyStoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
