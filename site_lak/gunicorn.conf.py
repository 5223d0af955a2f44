"""gunicorn configuration: workers and threads from the CPU count, overridable by environment."""

import multiprocessing
import os

# BIND wins; a platform that only hands out $PORT gets every interface on that port; else nginx's upstream.
bind = os.environ.get("BIND") or (f"0.0.0.0:{os.environ['PORT']}" if os.environ.get("PORT") else "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so slow leaks cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))  # 0: never
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
preload_app = True
# Heartbeat files in memory, not on a disk that may stall under load.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
wsgi_app = "site_lak.wsgi:application"
# Two pools run side by side (visitors and editors, docs/deploy.md): the default control socket path would be
# shared by both, and nothing here uses gunicornc.
control_socket_disable = True
