"""Helpers of the fault tests (tests/services/test_faults.py): real processes of our stack started against
the test database, a TCP proxy that stands in for the network between them and a service (cut it and
PostgreSQL looks stopped; make it hang and the search engine looks stuck), and a test-only task."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django_tasks import task

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# --- a task that can be killed half-way ------------------------------------------------------------------


@task()
def record_in_two_steps(marker, pause, attempts_file):
    """Writes its result as two rows in one transaction, pausing between them; each attempt is noted in
    `attempts_file` (outside the database) first, so a test knows when the task is half-way."""
    from search_analytics.models import QueryRecord

    with open(attempts_file, "a") as attempts:
        attempts.write(f"{os.getpid()}\n")
    with transaction.atomic():
        QueryRecord.objects.create(query=marker, locale="vi", result_count=1, backend="step-1")
        time.sleep(pause)
        QueryRecord.objects.create(query=marker, locale="vi", result_count=2, backend="step-2")
    return marker


@task()
def write_when_told(marker, go_file, attempts_file):
    """Writes one row. Each attempt is noted in `attempts_file` first; the first attempt then waits until
    `go_file` exists (the test has taken the database's write lock by then) before writing."""
    from search_analytics.models import QueryRecord

    with open(attempts_file, "a") as attempts:
        attempts.write(f"{os.getpid()}\n")
    if Path(attempts_file).read_text().count("\n") == 1:
        wait_for(lambda: Path(go_file).exists(), what="the test's signal")
    QueryRecord.objects.create(query=marker, locale="vi", result_count=1, backend="retried")
    return marker


# --- processes ---------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout=60, interval=0.1, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def database_url(host=None, port=None):
    """The URL of the database the tests run on (pytest-django's test database), optionally via host:port."""
    params = connection.settings_dict
    user = params["USER"] + (f":{params['PASSWORD']}" if params.get("PASSWORD") else "")
    return f"postgres://{user}@{host or params['HOST']}:{port or params['PORT']}/{params['NAME']}"


def process_environment(**overrides):
    environment = dict(os.environ)
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "site_lak.settings.test",
            "DATABASE_URL": database_url(),
        }
    )
    environment.update(overrides)
    return environment


class Process:
    """A child process whose output goes to a file (a full pipe would block it), stopped at the end.

    `preexec_fn` runs in the child before it starts (e.g. to set a resource limit); then its output goes
    through a pipe, copied to the file by this process, so that a limit on the files it writes spares it."""

    def __init__(self, args, environment, log_path, preexec_fn=None):
        self.log_path = Path(log_path)
        self.log = open(self.log_path, "w")
        piped = preexec_fn is not None
        self.popen = subprocess.Popen(
            args,
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=subprocess.PIPE if piped else self.log,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=preexec_fn,
        )
        self.copier = None
        if piped:
            self.copier = threading.Thread(target=self._copy_output, daemon=True)
            self.copier.start()

    def _copy_output(self):
        for line in self.popen.stdout:
            self.log.write(line)
            self.log.flush()

    @property
    def pid(self):
        return self.popen.pid

    def output(self):
        return self.log_path.read_text()

    def stop(self, sig=15, timeout=60):
        if self.popen.poll() is None:
            self.popen.send_signal(sig)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        if self.copier is not None:
            self.copier.join(10)
        self.log.close()
        return self.popen.returncode

    def kill(self):
        self.popen.kill()
        self.popen.wait()


def run_manage(*args, **environment):
    """`manage.py ARGS` to completion, on the test database."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=process_environment(**environment),
        capture_output=True,
        text=True,
        timeout=300,
    )


def start_worker(log_path, **environment):
    return Process(
        [sys.executable, "manage.py", "run_worker", "--poll", "0.2", "--interval", "3600"],
        process_environment(TASKS_BACKEND="database", **environment),
        log_path,
    )


def start_gunicorn(log_path, workers=2, **environment):
    """gunicorn with our configuration (site_lak/gunicorn.conf.py), answering on 127.0.0.1:<port>."""
    port = free_port()
    environment = process_environment(
        BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(workers), GUNICORN_MAX_REQUESTS="0", **environment
    )
    server = Process([sys.executable, "-m", "gunicorn", "--config", "site_lak/gunicorn.conf.py"], environment, log_path)
    server.base_url = f"http://127.0.0.1:{port}"
    wait_for(lambda: len(child_pids(server.pid)) == workers and get(server.base_url + "/healthz")[0] == 200,
             what="gunicorn and its workers")  # fmt: skip
    return server


def child_pids(pid):
    try:
        return {int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except FileNotFoundError:
        return set()


def get(url, timeout=30, headers=None):
    """(status, body) of a GET on a fresh connection; (None, error) when the connection fails."""
    headers = {"Connection": "close", "Accept-Language": "vi", **(headers or {})}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (OSError, urllib.error.URLError) as error:
        return None, f"{error.__class__.__name__}: {error}"


# --- a switchable TCP proxy ------------------------------------------------------------------------------


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a service. `cut()` drops every connection and refuses new ones (the
    service is stopped); `restore()` forwards again; `hang()` accepts connections and never answers."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.port = free_port()
        self.mode = "forward"
        self.sockets = set()
        self.lock = threading.Lock()
        self.listener = None
        self._listen()

    def _listen(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _track(self, sock):
        with self.lock:
            self.sockets.add(sock)

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # the listener was closed
            if self.mode == "down":
                client.close()
                return
            self._track(client)
            if self.mode == "hang":
                continue  # keep it open, never answer
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            self._track(upstream)
            for source, destination in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, destination), daemon=True).start()

    @staticmethod
    def _pump(source, destination):
        try:
            while data := source.recv(65536):
                destination.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, destination):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def _close_all(self):
        with self.lock:
            sockets, self.sockets = self.sockets, set()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _stop_listening(self):
        try:  # wakes the thread blocked in accept(), which close() alone does not on Linux
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()

    def cut(self):
        self.mode = "down"
        self._stop_listening()
        self._close_all()

    def restore(self):
        self.mode = "forward"
        self._listen()

    def hang(self):
        self.mode = "hang"

    def close(self):
        self.mode = "down"
        self._stop_listening()
        self._close_all()
