"""Django's `changepassword`, which also ends the user's API tokens, as every other way of
changing a password does (accounts.actions.user_set_password)."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import changepassword

from accounts.actions import api_token_revoke


class Command(changepassword.Command):
    def handle(self, *args: Any, **options: Any) -> str | None:
        message = super().handle(*args, **options)
        # Reached only when the password was changed: the parent raises on every failure.
        username = options["username"] or getpass.getuser()
        user_model = get_user_model()
        user = user_model._default_manager.using(options["database"]).get(
            **{user_model.USERNAME_FIELD: username}
        )
        api_token_revoke(user=user)
        return message
