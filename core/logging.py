"""No personal data in logs: e-mail addresses are masked before any handler writes a line."""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
MASK = "<e-mail>"


class RedactPersonalData(logging.Filter):
    """Masks e-mail addresses in the message and its arguments (the log line is formatted
    from both), so a library that logs an address does not write it down."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler to report
            return True
        if "@" in message:
            record.msg = EMAIL.sub(MASK, message)
            record.args = None
        if record.exc_info and not record.exc_text:
            # A database error's text can quote the row ("Key (email)=(...)"): the formatted
            # traceback is masked too; handlers use exc_text when it is set.
            record.exc_text = EMAIL.sub(MASK, logging.Formatter().formatException(record.exc_info))
        return True
