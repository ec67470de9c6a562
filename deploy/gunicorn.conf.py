"""gunicorn's settings for Tsunagu (docs/deploy.md). The application writes one JSON line per
request with its id (core/logs.py), so gunicorn's own access log is off: it would log the
client's address and the query string, which the application log must not hold."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# 2 × cores + 1 is gunicorn's rule of thumb; the page work is CPU-bound Python
# (docs/benchmarks.md), so more workers than that only queue on the CPU.
workers = int(os.environ.get("GUNICORN_WORKERS", (os.cpu_count() or 1) * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
# A compiled-report PDF takes up to 5 s on the request until the background jobs take it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
# A worker is replaced after this many requests (bounds any slow leak).
max_requests = 2000
max_requests_jitter = 200
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The proxy's address, so that gunicorn believes its X-Forwarded-Proto; the application checks
# X-Forwarded-For itself against TRUSTED_PROXIES (core/web/client.py).
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1")
