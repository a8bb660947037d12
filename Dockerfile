FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graphengine graphengine
COPY operators operators
COPY webapp webapp
COPY manage.py ./
RUN pip install --no-cache-dir . && python manage.py collectstatic --noinput \
        --settings=webapp.config.settings.local
USER nobody
EXPOSE 8000
CMD ["gunicorn", "webapp.config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4"]
