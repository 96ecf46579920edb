# Front-end libraries from the npm registry, pinned by package-lock.json (no CDN at run time).
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json Makefile ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# procps for the beat health check; gettext to compile translations; Finnish morphology
# (Voikko) for the matching engine where the distribution ships it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends procps gettext curl \
       python3-libvoikko voikko-fi dict-freedict-fin-eng dict-freedict-eng-fin \
       dict-freedict-swe-eng dict-freedict-eng-swe dict-freedict-fin-swe \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock pyproject.toml ./
RUN pip install --no-cache-dir -r requirements.lock

COPY . .
COPY --from=assets /build/node_modules /app/node_modules
# The same copy step as `make assets`, without npm in the runtime image.
RUN apt-get update && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/* \
    && make NPM_CI=: assets
RUN DJANGO_DEBUG=1 python manage.py compilemessages -v0 \
    && SECRET_KEY=build-only DJANGO_DEBUG=0 python manage.py collectstatic --noinput -v0 \
    && useradd --system --home /app app && mkdir -p /app/var && chown -R app /app/var
USER app
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application"]
