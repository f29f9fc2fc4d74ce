"""The command menus Telegram shows: the citizens' everywhere, each role's in its user's chat."""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeChat
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot import messages
from bot.roles import Role
from handlers.context import services

log = logging.getLogger(__name__)


def commands_for(role: Role) -> list[tuple[str, str]]:
    """(command, description) pairs a user of `role` may use."""
    pairs = list(messages.CITIZEN_COMMANDS)
    if role in (Role.STAFF, Role.ADMIN):
        pairs += messages.STAFF_COMMANDS
    if role in (Role.OFFICIAL, Role.ADMIN):
        pairs += messages.OFFICIAL_COMMANDS
    if role == Role.ADMIN:
        pairs += messages.ADMIN_COMMANDS
    return pairs


async def register_citizen_menu(application: Application) -> None:
    commands = [BotCommand(name, description) for name, description in messages.CITIZEN_COMMANDS]
    try:
        await application.bot.set_my_commands(commands)
    except TelegramError as exc:
        log.warning("could not register the command menu: %s", exc)


async def refresh_menu(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int) -> None:
    """Show a registered person the commands of their role in this chat's menu."""
    profile = await services(context).citizens.profile(user_id)
    if profile.role == Role.CITIZEN:
        return
    try:
        await context.bot.set_my_commands(
            [BotCommand(name, text) for name, text in commands_for(profile.role)], scope=BotCommandScopeChat(chat_id)
        )
    except TelegramError as exc:  # the menu is a convenience: never fail a registration over it
        log.warning("could not set the command menu for chat %s: %s", chat_id, exc)
