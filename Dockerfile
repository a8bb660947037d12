# The editor is built with Node in its own stage; the Python image only carries the result.
FROM node:20-slim AS frontend
WORKDIR /frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm install --no-audit --no-fund --loglevel=error  # see the Makefile: why not npm ci
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graphengine graphengine
COPY operators operators
COPY webapp webapp
COPY manage.py ./
COPY --from=frontend /frontend/dist frontend/dist
RUN pip install --no-cache-dir . && python manage.py collectstatic --noinput \
        --settings=webapp.config.settings.local
# Prometheus' multiprocess files (LOOM_METRICS_SHARED_DIR in docker-compose.yml): a named
# volume mounted here starts with this directory's owner.
RUN mkdir -p /var/lib/loom-metrics && chown nobody /var/lib/loom-metrics
USER nobody
EXPOSE 8000
CMD ["gunicorn", "webapp.config.wsgi", "-c", "python:webapp.config.gunicorn_conf", "--bind", \
     "0.0.0.0:8000", "--workers", "4"]
