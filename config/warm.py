"""What a web process would otherwise do on its first requests, done once before forking.

gunicorn preloads the application in its master (config/gunicorn.py); the workers it forks
inherit whatever the master has built. Without this, each worker's first requests import
every view (the URLconf), read the translation catalogues and compile each template they
render: about a second on the first request alone, paid again by every worker that
`max_requests` replaces, which shows as a stall in the slowest percentiles under load.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

logger = logging.getLogger(__name__)


def template_names() -> list[str]:
    """Every template of the project's and the installed apps' template folders."""
    from django.apps import apps
    from django.conf import settings

    folders = [Path(folder) for config in settings.TEMPLATES for folder in config["DIRS"]]  # type: ignore[attr-defined]
    folders += [Path(app.path) / "templates" for app in apps.get_app_configs()]
    names: set[str] = set()
    for folder in folders:
        if folder.is_dir():
            names.update(
                path.relative_to(folder).as_posix()
                for path in folder.rglob("*")
                if path.suffix in {".html", ".txt", ".xml", ".ics", ".svg"}
            )
    return sorted(names)


def web_warm() -> dict[str, int]:
    """Import the URLconf, load the catalogues of every language and compile every
    template (the cached loader keeps them). Returns what was warmed, for the log."""
    from django.conf import settings
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    started = time.perf_counter()
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            # The reverse tables are kept per active language.
            _ = resolver.reverse_dict
    broker = settings.CELERY_BROKER_URL
    if broker and not broker.startswith("memory://"):
        from kombu import Connection

        # The transport's modules are imported on a connection's first use (the health
        # check and the first enqueue); building it opens no socket.
        _ = Connection(broker).transport
    compiled = 0
    for name in template_names():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError, UnicodeDecodeError):
            # Not a template this project renders (a library's asset in a templates
            # folder); it is compiled, or fails, when it is asked for, as before.
            continue
        compiled += 1
    logger.info(
        "Web process warmed in %.2fs: %s templates, %s languages",
        time.perf_counter() - started,
        compiled,
        len(settings.LANGUAGES),
    )
    return {"templates": compiled, "languages": len(settings.LANGUAGES)}
