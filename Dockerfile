# syntax=docker/dockerfile:1
# The API's image: the project's wheel (the same `pip install .` scripts/bootstrap does, not
# editable) in a virtualenv, on python:3.11-slim; no compiler, no pip in the final stage.
#   docker build -t selbsthilfe-graph .        (or: podman build -t selbsthilfe-graph .)
# Runs as uid 10001 with a read-only root filesystem: the only writable place is /tmp (an
# emptyDir in Kubernetes; prometheus_client's multi-process files go there).

ARG PYTHON=python:3.11-slim-bookworm

FROM ${PYTHON} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m pip install build
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY regions ./regions
RUN python -m build --wheel --outdir /wheels . \
 && python -m venv /opt/shg \
 && /opt/shg/bin/pip install /wheels/selbsthilfe_graph-*.whl \
 && /opt/shg/bin/pip uninstall --yes pip \
 && find /opt/shg -name '__pycache__' -prune -exec rm -rf {} + \
 && /opt/shg/bin/python -m compileall -q /opt/shg/lib

FROM ${PYTHON} AS runtime
RUN groupadd --system --gid 10001 shg \
 && useradd --system --uid 10001 --gid shg --no-create-home --home-dir /nonexistent shg \
 && python -m pip uninstall --yes pip setuptools wheel \
 && rm -rf /root/.cache
COPY --from=build /opt/shg /opt/shg
ENV PATH=/opt/shg/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SHG_ENVIRONMENT=production \
    SHG_HOST=0.0.0.0 \
    SHG_PORT=8000 \
    SHG_DEMO_DATA=false \
    SHG_MIGRATE_ON_START=false \
    SHG_REGIONS=[] \
    PROMETHEUS_MULTIPROC_DIR=/tmp/shg-metrics
WORKDIR /tmp
USER 10001:10001
EXPOSE 8000 9100
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]
ENTRYPOINT ["shg"]
CMD ["serve"]
