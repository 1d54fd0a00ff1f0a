"""Command line: `crisis-dashboard build …`, `… brief …` and `… evaluate …` (thin over the modules)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["brief"]:
        from dashboard.brief import command

        return command.main(argv[1:])
    parser = argparse.ArgumentParser(prog="crisis-dashboard", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="read the reports in a folder and write the tables")
    b.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of reports (default: seeds)")
    b.add_argument("--out", type=Path, default=Path("data"), help="folder for the tables (default: data)")
    b.add_argument(
        "--online-geocoding",
        action="store_true",
        help="ask Nominatim for place names the offline gazetteer lacks (answers cached in --out)",
    )
    b.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    b.add_argument(
        "--engine",
        choices=("serial", "dask"),
        default="serial",
        help="where reports are extracted: this process (default) or a Dask cluster",
    )
    b.add_argument("--scheduler", help="with --engine dask: a running scheduler, tcp://HOST:8786")
    b.add_argument(
        "--workers", type=int, help="with --engine dask and no --scheduler: local worker processes (2)"
    )
    b.add_argument(
        "--lock-wait",
        type=float,
        default=None,
        metavar="SECONDS",
        help="how long to wait for another build into --out to finish (default: 60)",
    )
    sub.add_parser("brief", help="write a PNG, PDF and HTML brief of a view (see `brief --help`)")
    e = sub.add_parser("evaluate", help="score the extraction on the evaluation corpus (tests/corpus)")
    e.add_argument("--corpus", type=Path, default=None, help="folder of episodes (default: tests/corpus)")
    e.add_argument(
        "--data", type=Path, default=None, help="tables already built from the corpus (default: build)"
    )
    e.add_argument("--problems", action="store_true", help="list every miss and every spurious row")
    args = parser.parse_args(argv)
    if args.command == "evaluate":
        return evaluate(args)
    return build(args)


def evaluate(args: argparse.Namespace) -> int:
    from dashboard import evaluate as evaluation

    corpus = args.corpus or evaluation.CORPUS
    if not evaluation.episodes(corpus):
        print(f"error: no episode with a gold.json in {corpus}", file=sys.stderr)
        return 2
    print(evaluation.report(evaluation.evaluate(corpus, args.data), problems=args.problems))
    return 0


def build(args: argparse.Namespace) -> int:
    from dashboard import outdir
    from dashboard.extract import engines, pipeline

    if not args.seeds.is_dir():
        print(f"error: {args.seeds} is not a folder of reports", file=sys.stderr)
        return 2
    if args.engine != "dask" and (args.scheduler or args.workers):
        print("error: --scheduler and --workers go with --engine dask", file=sys.stderr)
        return 2
    try:
        result = pipeline.build(
            args.seeds,
            args.out,
            online_geocoding=args.online_geocoding,
            progress=False if args.no_progress else None,
            engine=engines.make(args.engine, args.scheduler, args.workers),
            lock_wait=outdir.LOCK_WAIT_S if args.lock_wait is None else args.lock_wait,
        )
    except outdir.OutError as err:  # faults of the folder and the machine: one line, no traceback
        print(f"error: {err}", file=sys.stderr)
        return 1
    except OSError as err:  # reading the seeds, say
        print(f"error: {err.filename or args.seeds}: {outdir.reason(err)}", file=sys.stderr)
        return 1
    for message in [*result.notices, *result.tables["warnings"]["message"]]:
        print(f"warning: {message}", file=sys.stderr)
    print(result.summary())
    if result.tables["articles"].empty:
        print(f"error: no report in {args.seeds} could be read", file=sys.stderr)
        return 1
    return 0
