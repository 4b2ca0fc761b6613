"""``strife serve``: the REST API and the web map over a store (needs the extra ``strife[serve]``)."""

from __future__ import annotations

import argparse
import importlib.util

from strife.errors import StrifeError

DEFAULT_DB = "strife.db"


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve the REST API and the web map over a database")
    p.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=f"the database (default: {DEFAULT_DB})")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--allow-writes", action="store_true",
                   help="let POST /api/extract store articles when asked (read-only otherwise)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("fastapi") is None or importlib.util.find_spec("uvicorn") is None:
        raise StrifeError("`strife serve` needs FastAPI and uvicorn: pip install 'strife[serve]'")
    import uvicorn

    from strife.serve.app import create_app

    app = create_app(args.db, allow_writes=args.allow_writes)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False)
    return 0
