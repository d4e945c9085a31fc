# rnn-viz for a class: one Streamlit server with the shipped models.
#   docker compose up -d          (see compose.yaml: the dataset is mounted, not copied)
# Build context: this checkout (.dockerignore leaves out tests, benchmarks, screenshots).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    TF_CPP_MIN_LOG_LEVEL=2 \
    RNN_VIZ_DATA=/data/aclImdb_v1.tar.gz \
    RNN_VIZ_CACHE=/cache \
    RNN_VIZ_MODELS=/models \
    KERAS_HOME=/cache/keras \
    RNN_VIZ_TRAININGS=1 \
    RNN_VIZ_CACHE_MB=256 \
    RNN_VIZ_TRACE_CACHE_MB=128

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

# The app runs from its source folder (the shipped models and precomputed results are
# found next to the package: assets/).
COPY app.py pyproject.toml README.md ./
COPY rnn_viz ./rnn_viz
COPY app_pages ./app_pages
COPY assets ./assets

RUN useradd --create-home --uid 1000 rnnviz \
    && mkdir -p /cache /models /data \
    && chown rnnviz:rnnviz /cache /models
USER 1000:1000

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

# --server.address: every interface of the container (publish the port to choose who
# reaches it). --server.maxUploadSize (MB) matches the app's own limit on an upload
# (rnn_viz.core.uploads.LIMITS: 100 MiB per file); --server.maxCacheDataSize bounds
# all the data caches together (each is also bounded: $RNN_VIZ_CACHE_MB).
CMD ["streamlit", "run", "app.py", \
     "--server.address=0.0.0.0", \
     "--server.port=8501", \
     "--server.headless=true", \
     "--server.fileWatcherType=none", \
     "--server.maxUploadSize=100", \
     "--server.maxCacheDataSize=1gb", \
     "--browser.gatherUsageStats=false"]
