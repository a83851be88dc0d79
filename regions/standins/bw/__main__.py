"""Run BW's group service on its own port: `python -m regions.standins.bw --port 8002`
(the same arguments as NRW's service, so `shg serve` starts either the same way; `--db PATH`,
`--key-file` and `--demo-groups` are accepted too)."""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn

from regions.standins.bw.app import create_service


def read_key(path: str | None) -> str | None:
    if not path:
        return None
    return Path(path).read_text(encoding="utf-8").strip() or None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8002)
    parser.add_argument("--database", default="sqlite+aiosqlite:///var/bw.db")
    parser.add_argument("--db", help="the SQLite file (instead of a --database URL)")
    parser.add_argument(
        "--groups", "--demo-groups", type=int, default=1500, help="demo groups for an empty db"
    )
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--log-level", default="warning")
    parser.add_argument(
        "--api-key-file",
        "--key-file",
        help="file holding the key the graph must send for contact data",
    )
    args = parser.parse_args()
    app = create_service(
        f"sqlite+aiosqlite:///{args.db}" if args.db else args.database,
        demo_groups=args.groups,
        seed=args.seed,
        scale=args.scale,
        api_key=read_key(args.api_key_file),
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()
