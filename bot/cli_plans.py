"""Command-line subcommands for the plans in service: `plans list|history|rollback|export` and `reload`.

They work on the database at DATABASE_URL (the one the running bots use): a rollback or a reload
bumps the catalogue version there, and every running bot swaps its catalogue within seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from bot.clock import Clock
from bot.config import configured_plans_dir, load_settings
from bot.db import plans as rows
from bot.db.schema import open_database
from bot.db.session import Database
from bot.kb.importer import plan_yaml
from bot.kb.loader import DEFAULT_PLANS_DIR, load_plans
from bot.publish import store
from bot.publish.catalogue import Sources, build_catalog

PLANS_HELP = "folder of plan YAML files"


async def _open() -> Database:
    settings = load_settings()
    return await open_database(settings.database_url, settings.database_schema)


def _now() -> Any:
    return Clock(load_settings().timezone).now()


def _local(moment: Any) -> str:
    return moment.astimezone(load_settings().timezone).isoformat(timespec="minutes")


# -- plans list / history -------------------------------------------------------------------------------------


async def _list(plans_dir: Path) -> list[dict[str, Any]]:
    files = {plan.id: plan for plan in load_plans(plans_dir)} if any(plans_dir.glob("*.yaml")) else {}
    db = await _open()
    try:
        async with db.transaction(readonly=True) as session:
            heads = {head.plan_id: head for head in await rows.heads(session)}
            published = {row.plan_id: row for row in await rows.in_service(session)}
    finally:
        await db.dispose()
    out: list[dict[str, Any]] = []
    for plan_id in sorted(set(files) | set(heads)):
        head = heads.get(plan_id)
        served = published.get(plan_id)
        source = "database" if served is not None else ("file" if plan_id in files else "none")
        out.append(
            {
                "id": plan_id,
                "source": source,
                "version": head.version if head is not None else None,
                "withdrawn": bool(head and head.withdrawn),
                "file": f"{plans_dir / (plan_id + '.yaml')}" if plan_id in files else None,
            }
        )
    return out


def cmd_plans_list(args: argparse.Namespace) -> int:
    found = asyncio.run(_list(Path(args.plans_dir)))
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    for item in found:
        if item["source"] == "database":
            where = f"published version {item['version']}" + (" (shadows its file)" if item["file"] else "")
        elif item["source"] == "file":
            where = f"file {item['file']}" + (
                f" (published versions withdrawn at {item['version']})" if item["version"] else ""
            )
        else:
            where = f"not in service (withdrawn at version {item['version']})"
        print(f"{item['id']:24} {where}")
    print(f"{sum(1 for i in found if i['source'] != 'none')} plans in service")
    return 0


async def _history(plan_id: str) -> list[dict[str, Any]]:
    db = await _open()
    try:
        async with db.transaction(readonly=True) as session:
            versions = await rows.history(session, plan_id)
    finally:
        await db.dispose()
    return [
        {
            "version": row.version,
            "published_at": _local(row.published_at),
            "published_by": row.published_by,
            "document": row.document_name,
            "restored_from": row.restored_from,
            "withdrawn": row.data is None,
        }
        for row in versions
    ]


def cmd_plans_history(args: argparse.Namespace) -> int:
    versions = asyncio.run(_history(args.plan_id))
    if not versions:
        print(f"plan '{args.plan_id}' has no published versions", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(versions, ensure_ascii=False, indent=2))
        return 0
    for item in versions:
        if item["withdrawn"]:
            what = "withdrawn (its file, if any, is served)"
        elif item["restored_from"]:
            what = f"restored version {item['restored_from']}"
        else:
            what = f"published from {item['document'] or '?'}"
        who = f"admin {item['published_by']}" if item["published_by"] else "command line"
        current = "  <- in service" if item is versions[-1] else ""
        print(f"v{item['version']:<3} {item['published_at']}  {who:18} {what}{current}")
    return 0


# -- plans rollback / export ----------------------------------------------------------------------------------------


async def _rollback(plan_id: str, version: int | None) -> store.Change:
    db = await _open()
    try:
        async with db.transaction() as session:
            return await store.restore(session, plan_id, version, now=_now(), by=None)
    finally:
        await db.dispose()


def cmd_plans_rollback(args: argparse.Namespace) -> int:
    try:
        change = asyncio.run(_rollback(args.plan_id, args.version))
    except store.RollbackError as exc:
        print(f"plans rollback: {exc}", file=sys.stderr)
        return 2
    if change.row.data is None:
        version = change.row.version
        print(f"{args.plan_id}: published versions withdrawn (version {version}); its YAML file, if any, is served")
    else:
        print(f"{args.plan_id}: version {change.restored} restored as version {change.row.version}")
    print(f"catalogue version {change.catalogue_version}: running bots reload within a few seconds")
    return 0


async def _current(plan_id: str) -> tuple[rows.ServedRow, str | None] | None:
    """The version of the plan in service, and the document text it was published from."""
    db = await _open()
    try:
        async with db.transaction(readonly=True) as session:
            found = [row for row in await rows.in_service(session) if row.plan_id == plan_id]
            if not found:
                return None
            version = await rows.get_version(session, found[0].id)
            return found[0], version.source_text if version is not None else None
    finally:
        await db.dispose()


def cmd_plans_export(args: argparse.Namespace) -> int:
    """The published plan as files, e.g. to keep it in PLANS_DIR under version control."""
    found = asyncio.run(_current(args.plan_id))
    if found is None:
        print(f"plan '{args.plan_id}' is not served from the database (nothing to export)", file=sys.stderr)
        return 2
    row, text = found
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{row.plan_id}.yaml"
    target.write_text(plan_yaml(row.data, f"version {row.version} published in chat"), encoding="utf-8")
    print(f"wrote {target}")
    if text:
        source = out / str(row.data.get("source_file") or f"{row.plan_id}.txt")
        source.write_text(text, encoding="utf-8")
        print(f"wrote {source}")
    return 0


# -- reload ---------------------------------------------------------------------------------------------------------


async def _reload(sources: Sources) -> tuple[int, int, int]:
    db = await _open()
    try:
        async with db.transaction(readonly=True) as session:
            published = await rows.in_service(session)
        catalog, _served, files = await asyncio.to_thread(build_catalog, sources, published)
        async with db.transaction() as session:
            version = await rows.bump(session, _now())
    finally:
        await db.dispose()
    return version, len(catalog.plans), files


def cmd_reload(args: argparse.Namespace) -> int:
    """Validate the plan files and the published plans; if they are valid, tell every running bot to reload."""
    settings = load_settings()
    sources = Sources(Path(args.plans_dir), settings.units_path)
    version, plans, files = asyncio.run(_reload(sources))
    print(f"ok: {plans} plans ({files} from {sources.plans_dir}, {plans - files} published in chat)")
    print(f"catalogue version {version}: running bots reload within a few seconds")
    return 0


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    from bot.operator_errors import guard

    plans = sub.add_parser("plans", help="plans published in chat: list, history, rollback, export")
    plans_sub = plans.add_subparsers(dest="plans_command", required=True)
    listing = plans_sub.add_parser("list", help="every plan in service and where it comes from")
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--plans-dir", default=str(configured_plans_dir(DEFAULT_PLANS_DIR)), help=PLANS_HELP)
    listing.set_defaults(func=guard(cmd_plans_list))
    history = plans_sub.add_parser("history", help="the published versions of a plan")
    history.add_argument("plan_id")
    history.add_argument("--json", action="store_true")
    history.set_defaults(func=guard(cmd_plans_history))
    rollback = plans_sub.add_parser("rollback", help="put an earlier version back in service (default: the previous)")
    rollback.add_argument("plan_id")
    rollback.add_argument("--version", type=int, default=None, help="version to restore (0: withdraw, serve the file)")
    rollback.set_defaults(func=guard(cmd_plans_rollback))
    export = plans_sub.add_parser("export", help="write the version in service as <id>.yaml and its source <id>.txt")
    export.add_argument("plan_id")
    export.add_argument("--out", default=".", help="folder to write to")
    export.set_defaults(func=guard(cmd_plans_export))

    reload = sub.add_parser("reload", help="validate the plans and make every running bot reload them")
    reload.add_argument("--plans-dir", default=str(configured_plans_dir(DEFAULT_PLANS_DIR)), help=PLANS_HELP)
    reload.set_defaults(func=guard(cmd_reload))
