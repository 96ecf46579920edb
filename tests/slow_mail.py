"""An e-mail backend that takes its time, so a test can kill a worker in the middle."""

from __future__ import annotations

import os
import time
from typing import Any

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        time.sleep(float(os.environ.get("TKI_TEST_MAIL_DELAY", "30")))
        return super().send_messages(email_messages)
