"""The ``winnow`` command: a thin shell over the library."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import typing

import orjson

from winnow.errors import WinnowError


def _run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from winnow.io.storage import is_remote, parse_options
    from winnow.running.runner import RunOptions, run

    local = not is_remote(args.output)
    if local and Path(args.output).exists() and not Path(args.output).is_dir():
        raise WinnowError(f"{args.output} is a file; OUT must be a folder (new or a run's)")
    try:
        storage_options = parse_options(args.storage_option)
    except ValueError as err:
        raise WinnowError(str(err)) from None

    result = run(
        RunOptions(
            inputs=args.inputs,
            out=args.output,
            recipe=args.recipe,
            workers=args.workers or os.cpu_count() or 1,
            format=args.format,
            overwrite=args.overwrite,
            quiet=args.quiet,
            progress=False if args.quiet else None,
            engine=args.engine,
            ray_address=args.ray_address,
            part_bytes=int(args.part_mb * 1024 * 1024),
            storage_options=storage_options,
        )
    )
    docs = result.stats["documents"]
    unreadable = result.stats["unreadable_records"]["count"]
    failed = docs.get("failed", 0)
    skipped = result.stats.get("skipped_inputs", {}).get("count", 0)
    print(
        f"winnow: {_count(docs['in'], 'document')} in, {docs['kept']:,} kept, "
        f"{docs['removed']:,} removed"
        + (f", {_count(unreadable, 'unreadable record')} quarantined" if unreadable else "")
        + (f", {_count(failed, 'document')} quarantined after a step failed" if failed else "")
        + (f", {_count(skipped, 'input path')} skipped (stats.json)" if skipped else "")
        + f" in {result.seconds:.1f} s → {result.out}/ (kept/, removed/, stats.json)",
        file=sys.stderr,
    )
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _field_default(f: dataclasses.Field[typing.Any]) -> object:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    raise TypeError(f"config field {f.name!r} has no default")


def step_catalogue() -> list[dict[str, object]]:
    """Every step as data: what ``winnow steps --json`` prints, for tools and docs."""
    from winnow.registry import all_steps

    catalogue: list[dict[str, object]] = []
    for name, cls in all_steps().items():
        hints = typing.get_type_hints(cls.Config)
        params = []
        for f in dataclasses.fields(cls.Config):
            default = _field_default(f)
            hint = hints[f.name]
            params.append(
                {
                    "name": f.name,
                    "type": getattr(hint, "__name__", None)
                    if isinstance(hint, type)
                    else str(hint),
                    "default": default,
                }
            )
        catalogue.append(
            {
                "name": name,
                "kind": str(cls.kind),
                "module": cls.__module__,
                "description": cls.describe(),
                "params": params,
                "reasons": [str(r) for r in cls.Reason],
            }
        )
    return catalogue


def _steps(args: argparse.Namespace) -> int:
    catalogue = step_catalogue()
    if args.json:
        sys.stdout.write(
            orjson.dumps(catalogue, option=orjson.OPT_INDENT_2, default=str).decode() + "\n"
        )
        return 0
    for step in catalogue:
        print(f"{step['name']}  [{step['kind']}]  {step['description']}")
        for param in typing.cast(list[dict[str, object]], step["params"]):
            print(f"    {param['name']}: {param['type']} = {param['default']!r}")
        reasons = typing.cast(list[str], step["reasons"])
        if reasons:
            print(f"    reasons: {', '.join(reasons)}")
    return 0


def _recipes(args: argparse.Namespace) -> int:
    from winnow.recipe import builtin_recipes, load_recipe

    for name in sorted(builtin_recipes()):
        recipe = load_recipe(name)
        print(f"{name}: {' '.join(recipe.description.split())}")
        print("    steps: " + " → ".join(s.name for s in recipe.steps))
    return 0


def _explain(args: argparse.Namespace) -> int:
    from winnow.recipe import load_recipe
    from winnow.report.explain import explain_file, render_text

    exp = explain_file(args.file, load_recipe(args.recipe), record=args.record, doc_id=args.id)
    if args.json:
        sys.stdout.write(
            orjson.dumps(exp.to_dict(), option=orjson.OPT_INDENT_2, default=str).decode() + "\n"
        )
    else:
        print(render_text(exp))
    return 0


def _report(args: argparse.Namespace) -> int:
    from winnow.io import storage
    from winnow.report.html import write_report
    from winnow.running.runner import output_location

    out = output_location(args.output)
    try:
        storage.configure(out, storage.parse_options(args.storage_option))
    except ValueError as err:
        raise WinnowError(str(err)) from None
    print(write_report(out))
    return 0


def _inspect(args: argparse.Namespace) -> int:
    from winnow.io.storage import is_remote
    from winnow.report.inspect import make_server

    if is_remote(args.output):
        raise WinnowError(
            f"winnow inspect reads a local OUT (it indexes the shards beside them); copy "
            f"{args.output} to a folder first (aws s3 sync, gsutil rsync) and inspect that"
        )
    server = make_server(args.output, args.host, args.port)
    host, port = server.server_address[:2]
    assert isinstance(host, str)  # an AF_INET(6) socket's bound address names its host as str
    print(f"winnow inspect: http://{host}:{port}/  (Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


def _at_least(minimum: int) -> typing.Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {number}")
        return number

    return parse


def _not_negative(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not number >= 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return number


def build_parser() -> argparse.ArgumentParser:
    from winnow.io.sources import PART_BYTES
    from winnow.version import __version__

    parser = argparse.ArgumentParser(
        prog="winnow", description="Turn raw web crawls into clean, deduplicated text."
    )
    parser.add_argument("--version", action="version", version=f"winnow {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="curate input files into OUT")
    run.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="files, folders or globs; local paths or fsspec URLs",
    )
    run.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="output folder or object-store prefix (s3://bucket/run, gs://…): kept/, "
        "removed/, quarantine/, report.html, stats.json; rerunning the same command resumes",
    )
    run.add_argument(
        "--storage-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an fsspec option of OUT's store, repeatable (endpoint_url=http://…, "
        "anon=true, client_kwargs.region_name=…); credentials come from the usual "
        "variables (AWS_*, GOOGLE_APPLICATION_CREDENTIALS)",
    )
    run.add_argument("--recipe", default="web", help="built-in name or YAML file (default: web)")
    run.add_argument(
        "--workers",
        type=_at_least(1),
        default=0,
        help="worker processes, or Ray CPUs (default: all cores)",
    )
    run.add_argument(
        "--format",
        choices=("parquet", "jsonl"),
        default="parquet",
        help="format of the kept/ and removed/ shards (default: parquet)",
    )
    run.add_argument(
        "--overwrite",
        action="store_true",
        help="replace a previous run in OUT made with another configuration",
    )
    run.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="local: processes on this machine (default); ray: tasks on Ray",
    )
    run.add_argument(
        "--ray-address",
        default=None,
        metavar="ADDRESS",
        help="join this Ray cluster ('auto', ray://host:10001); default: start a "
        "local Ray with --workers CPUs",
    )
    run.add_argument(
        "--part-mb",
        type=_not_negative,
        default=PART_BYTES / 2**20,
        metavar="MB",
        help="cut local JSONL (plain, .gz, .zst), Parquet and WARC/WET "
        "(plain, .gz) files larger than this into parts run in "
        "parallel; a compressed file by 1/4 of this on disk (default: "
        "%(default)g; 0: never)",
    )
    run.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar, no per-record warnings"
    )
    run.set_defaults(func=_run)

    steps = sub.add_parser("steps", help="list every step and its parameters")
    steps.add_argument(
        "--json",
        action="store_true",
        help="print the catalogue as JSON: name, kind, module, description, "
        "params (name, type, default), reasons",
    )
    steps.set_defaults(func=_steps)
    recipes = sub.add_parser("recipes", help="list the built-in recipes")
    recipes.set_defaults(func=_recipes)

    explain = sub.add_parser("explain", help="show what each step does to one document")
    explain.add_argument("file", help="an input file (any format winnow reads)")
    explain.add_argument(
        "--recipe", default="web", help="built-in name or YAML file (default: web)"
    )
    explain.add_argument(
        "--record", type=int, default=1, help="which document of the file (1-based, default 1)"
    )
    explain.add_argument("--id", default=None, help="pick the document by id instead")
    explain.add_argument("--json", action="store_true", help="print the trace as JSON")
    explain.set_defaults(func=_explain)

    report = sub.add_parser("report", help="write OUT/report.html again from a finished run")
    report.add_argument(
        "output", metavar="OUT", help="the output folder (or object-store prefix) of a run"
    )
    report.add_argument(
        "--storage-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an fsspec option of OUT's store, repeatable (as for winnow run)",
    )
    report.set_defaults(func=_report)

    inspect = sub.add_parser("inspect", help="browse kept and removed documents in a browser")
    inspect.add_argument("output", metavar="OUT", help="the output folder of a finished run")
    inspect.add_argument(
        "--port", type=_at_least(0), default=8765, help="port to serve on (default 8765)"
    )
    inspect.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1: this machine only); requests are answered "
        "only when addressed to 127.0.0.1, localhost, [::1] or this address",
    )
    inspect.set_defaults(func=_inspect)
    from winnow.train.classifier import add_parser as add_train_classifier

    add_train_classifier(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from winnow.running.engines.base import apply_worker_env

    apply_worker_env()  # the command's own process runs tasks too (--workers 1, plans)
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (WinnowError, FileNotFoundError) as err:
        print(f"winnow: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("winnow: interrupted; rerun the same command to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `winnow steps | head`: the reader left; nothing to report
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
