"""A stand-in for Facebook's Graph API on 127.0.0.1: it records every request exactly as received and answers
each with the next scripted reply (200 with an id, an error status with a body, or a dropped connection)."""

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

PAGE_ID = "104857600123"
TOKEN = "EAAG-test-page-token-never-shown"
VERSION_PATH = "/v21.0"


@dataclass
class Received:
    method: str
    path: str
    content_type: str
    form: dict


def ok(post_id="555"):
    return (200, {"id": f"{PAGE_ID}_{post_id}"})


def error(status, message, code=100):
    return (status, {"error": {"message": message, "type": "OAuthException", "code": code}})


DROP = "drop"


class FakeGraph:
    def __init__(self):
        self.requests = []
        self.replies = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length).decode()
                with fake.lock:
                    fake.requests.append(
                        Received("POST", self.path, self.headers.get("Content-Type", ""), parse_qs(body))
                    )
                    reply = fake.replies.pop(0) if fake.replies else ok()
                if reply == DROP:
                    self.close_connection = True
                    self.connection.close()
                    return
                status, payload = reply
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}{VERSION_PATH}"

    def answer(self, *replies):
        self.replies.extend(replies)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
