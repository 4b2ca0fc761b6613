"""``strife serve``: the REST API and the web map over a store (needs the extra ``strife[serve]``)."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys

from strife.errors import StrifeError

DEFAULT_DB = "strife.db"


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve the REST API and the web map over a database")
    p.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=f"the database (default: {DEFAULT_DB})")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--allow-writes", action="store_true",
                   help="accept writes (reviews, incident split/merge, POST /api/extract storing) from requests "
                        "carrying `Authorization: Bearer TOKEN`; TOKEN is $STRIFE_TOKEN, else one made and "
                        "printed (read-only otherwise)")
    p.add_argument("--host-name", dest="host_names", action="append", default=[], metavar="NAME",
                   help="another host name the server answers to (e.g. a reverse proxy's); requests naming "
                        "none of its names are refused, against DNS rebinding")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("fastapi") is None or importlib.util.find_spec("uvicorn") is None:
        raise StrifeError("`strife serve` needs FastAPI and uvicorn: pip install 'strife[serve]'")
    import uvicorn

    from strife.serve.app import create_app, new_token, served_hosts

    token = None
    if args.allow_writes:
        token = os.environ.get("STRIFE_TOKEN") or new_token()
        if "STRIFE_TOKEN" not in os.environ:
            print(f"strife: writes need the header `Authorization: Bearer {token}` (set STRIFE_TOKEN to choose "
                  "the token)", file=sys.stderr)
    app = create_app(args.db, allow_writes=args.allow_writes, token=token,
                     hosts=served_hosts(args.host, args.host_names))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False)
    return 0
