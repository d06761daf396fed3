"""Manage API keys: ``python -m qa_service.keys add|list|revoke``.

The store is the file named by QA_API_KEYS_FILE (default var/api-keys.json) or --file.
``add`` prints the new key once, alone on its last line; only its hash is stored. With
QA_REDIS_URL set, ``revoke`` also tells every replica at once (their copies of the file may lag).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qa_service.security.keys import KeyStore, KeyStoreError, parse_scopes
from qa_service.settings import Settings


def main(argv: list[str] | None = None) -> int:
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
    settings = Settings()
    store = KeyStore(args.file or settings.keys_file)
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
            return _tell_replicas(settings, record.id)
    except KeyStoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _tell_replicas(settings: Settings, key_id: str) -> int:
    """Add the revocation to the shared state, so that every replica refuses the key at its next request."""
    if not settings.redis_url:
        return 0
    from qa_service.shared import SharedStateUnavailable, make_shared_state

    try:
        make_shared_state(settings).revoke(key_id)
    except SharedStateUnavailable as exc:
        print(f"warning: {exc.message}; replicas refuse the key once they re-read the key file", file=sys.stderr)
        return 2
    print("every replica sharing this Redis refuses it from its next request")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
