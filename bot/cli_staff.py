"""Command-line subcommands for deployments: migrate, units, units import, invite.

They work on the database at DATABASE_URL (default: the SQLite file), upgrading its schema
first, so a new deployment can go from nothing to an invite code without Telegram.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from bot.clock import Clock
from bot.config import configured_plans_dir, load_settings
from bot.db import units as unit_rows
from bot.db.schema import current_revision, open_database
from bot.db.session import Database
from bot.invites import create_invite, invite_link
from bot.kb.loader import DEFAULT_PLANS_DIR, load_plans
from bot.operator_errors import guard
from bot.roles import Role
from bot.units import DEFAULT_UNITS_PATH, UnitRecord, load_units, read_units_csv


def _database_url() -> str:
    return load_settings().database_url


async def _open(url: str) -> Database:
    """The database of the settings (DATABASE_URL, DATABASE_SCHEMA), upgraded to this code's schema."""
    return await open_database(url, load_settings().database_schema)


def _plan_ids(args: argparse.Namespace) -> list[str]:
    return [p.id for p in load_plans(Path(args.plans_dir))]


async def _migrate(url: str) -> str | None:
    db = await _open(url)
    try:
        return await current_revision(db)
    finally:
        await db.dispose()


def cmd_migrate(_args: argparse.Namespace) -> int:
    revision = asyncio.run(_migrate(_database_url()))
    print(f"database at revision {revision}")
    return 0


async def _units(url: str, plan_ids: list[str], units_file: Path, plan: str | None) -> list[dict[str, str]]:
    roster = load_units(units_file, plan_ids)
    db = await _open(url)
    try:
        async with db.transaction() as session:
            await unit_rows.sync(session, roster)
            rows = await unit_rows.active(session, plan)
            return [{"id": u.id, "plan_id": u.plan_id, "name": u.name, "kind": u.kind} for u in rows]
    finally:
        await db.dispose()


def cmd_units(args: argparse.Namespace) -> int:
    plan_ids = _plan_ids(args)
    if args.plan and args.plan not in plan_ids:
        print(f"unknown plan id '{args.plan}' (known: {', '.join(plan_ids)})", file=sys.stderr)
        return 2
    rows = asyncio.run(_units(_database_url(), plan_ids, Path(args.units_file), args.plan))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        print(f"{row['id']:28} {row['plan_id']:16} {row['kind']:22} {row['name']}")
    print(f"{len(rows)} units")
    return 0


async def _import(url: str, records: list[UnitRecord]) -> int:
    db = await _open(url)
    try:
        async with db.transaction() as session:
            return await unit_rows.sync(session, records)
    finally:
        await db.dispose()


def cmd_units_import(args: argparse.Namespace) -> int:
    records = read_units_csv(args.file, _plan_ids(args))
    changed = asyncio.run(_import(_database_url(), records))
    print(f"{len(records)} units read from {args.file}, {changed} added or updated")
    return 0


async def _invite(url: str, args: argparse.Namespace, plan_ids: list[str]) -> dict[str, str | None]:
    settings = load_settings()
    now = Clock(settings.timezone).now()
    roster = load_units(Path(args.units_file), plan_ids)
    db = await _open(url)
    try:
        async with db.transaction() as session:
            await unit_rows.sync(session, roster)
            if args.unit:
                invite = await create_invite(session, role=Role.STAFF, unit_id=args.unit, now=now)
            else:
                invite = await create_invite(session, role=Role.OFFICIAL, plan_id=args.official, now=now)
            return {
                "code": invite.code,
                "role": invite.role,
                "unit_id": invite.unit_id,
                "plan_id": invite.plan_id,
                "expires_at": invite.expires_at.astimezone(settings.timezone).isoformat(timespec="minutes")
                if invite.expires_at
                else None,
                "link": invite_link(args.bot_username, invite.code) if args.bot_username else None,
            }
    finally:
        await db.dispose()


def cmd_invite(args: argparse.Namespace) -> int:
    plan_ids = _plan_ids(args)
    if args.official and args.official not in plan_ids:
        print(f"unknown plan id '{args.official}' (known: {', '.join(plan_ids)})", file=sys.stderr)
        return 2
    try:
        made = asyncio.run(_invite(_database_url(), args, plan_ids))
    except LookupError:
        print(f"unknown unit id '{args.unit}' (list them with: python run_bot.py units)", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(made, ensure_ascii=False))
        return 0
    who = f"staff of {made['unit_id']}" if made["role"] == Role.STAFF else f"official of {made['plan_id']}"
    print(f"invite code for {who}: {made['code']} (single use, expires {made['expires_at']})")
    print(f"register in Telegram with: /dangky {made['code']}")
    print(f"or open: {made['link'] or 'https://t.me/<bot username>?start=' + str(made['code'])}")
    return 0


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    plans_help = "folder of plan YAML files"
    migrate = sub.add_parser("migrate", help="upgrade the database at DATABASE_URL and print its revision")
    migrate.set_defaults(func=guard(cmd_migrate))

    units = sub.add_parser("units", help="list the units that report (after loading knowledge/units.yaml)")
    units.add_argument("--plan", default=None, help="only this plan's units")
    units.add_argument("--json", action="store_true")
    units.add_argument("--units-file", default=str(DEFAULT_UNITS_PATH), help="YAML roster")
    units.add_argument("--plans-dir", default=str(configured_plans_dir(DEFAULT_PLANS_DIR)), help=plans_help)
    units.set_defaults(func=guard(cmd_units))
    units_sub = units.add_subparsers(dest="units_command")
    imp = units_sub.add_parser("import", help="add or update units from a CSV file id,plan_id,name,kind")
    imp.add_argument("file")
    imp.add_argument("--plans-dir", default=str(configured_plans_dir(DEFAULT_PLANS_DIR)), help=plans_help)
    imp.set_defaults(func=guard(cmd_units_import))

    invite = sub.add_parser("invite", help="create a one-time invite code for staff of a unit or an official")
    who = invite.add_mutually_exclusive_group(required=True)
    who.add_argument("--unit", help="unit id (staff invite)")
    who.add_argument("--official", metavar="PLAN", help="plan id (official invite)")
    invite.add_argument("--json", action="store_true")
    invite.add_argument("--bot-username", default=None, help="to print the t.me link")
    invite.add_argument("--units-file", default=str(DEFAULT_UNITS_PATH), help="YAML roster")
    invite.add_argument("--plans-dir", default=str(configured_plans_dir(DEFAULT_PLANS_DIR)), help=plans_help)
    invite.set_defaults(func=guard(cmd_invite))
