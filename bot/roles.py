"""Who a user is to the bot, and what each role may do: decided here once."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Stored in `users.role`; everyone starts as a citizen."""

    CITIZEN = "citizen"
    STAFF = "staff"  # reports for one unit (invited)
    OFFICIAL = "official"  # follows one plan: summaries, exports, review (invited)
    ADMIN = "admin"  # BOT_ADMINS: everything, every plan


#: roles an invite code can give
INVITE_ROLES = (Role.STAFF, Role.OFFICIAL)


def may_report(role: str, unit_id: str | None) -> bool:
    """Staff report for their unit; an admin who took a unit's invite may report for it too."""
    return unit_id is not None and role in (Role.STAFF, Role.ADMIN)


def may_oversee(role: str, is_configured_admin: bool = False) -> bool:
    """Officials and admins see summaries, exports and units' reports."""
    return is_configured_admin or role in (Role.OFFICIAL, Role.ADMIN)


def effective_role(role: str, user_id: int, admins: frozenset[int]) -> Role:
    """The role to act on: a configured admin is an admin whatever the stored row says."""
    return Role.ADMIN if user_id in admins else Role(role)
