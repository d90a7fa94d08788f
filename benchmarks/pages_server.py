"""A local static server that answers like GitHub Pages: gzip for text, Cache-Control
max-age=600, ETag and 304s, 404.html for a missing path.

`python -m http.server` does neither compression nor caching, so pages measured behind it
look heavier than they are for readers. Usage: `python benchmarks/pages_server.py site 8000`.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import mimetypes
import sys
import threading
from functools import lru_cache
from pathlib import Path

MAX_AGE = 600  # what GitHub Pages sends
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
    "application/atom+xml",
)


@lru_cache(maxsize=4096)
def _load(path: Path, mtime_ns: int) -> tuple[bytes, bytes, str]:
    """The file, its gzip body (compressed once) and its ETag."""
    raw = path.read_bytes()
    return raw, gzip.compress(raw, compresslevel=6, mtime=0), hashlib.sha1(raw).hexdigest()[:16]


class PagesHandler(http.server.BaseHTTPRequestHandler):
    root: Path
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def _resolve(self) -> Path | None:
        relative = self.path.split("?", 1)[0].split("#", 1)[0]
        from urllib.parse import unquote

        target = (self.root / unquote(relative).lstrip("/")).resolve()
        if self.root not in target.parents and target != self.root:
            return None
        if target.is_dir():
            if not relative.endswith("/"):
                return target  # redirected by do_GET
            target = target / "index.html"
        return target if target.is_file() else None

    def do_GET(self, head: bool = False) -> None:
        target = self._resolve()
        if target is not None and target.is_dir():
            self.send_response(301)
            self.send_header("Location", self.path.split("?", 1)[0] + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = 200
        if target is None:
            status, target = 404, self.root / "404.html"
        raw, zipped, etag = _load(target, target.stat().st_mtime_ns)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        compress = kind.startswith(COMPRESSIBLE) and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        )
        tag = f'"{etag}{"-gz" if compress else ""}"'
        if status == 200 and self.headers.get("If-None-Match") == tag:
            self.send_response(304)
            self.send_header("ETag", tag)
            self.send_header("Cache-Control", f"max-age={MAX_AGE}")
            self.end_headers()
            return
        body = zipped if compress else raw
        self.send_response(status)
        self.send_header(
            "Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else "")
        )
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", f"max-age={MAX_AGE}")
        self.send_header("ETag", tag)
        self.send_header("Vary", "Accept-Encoding")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET(head=True)


def serve(root: Path, port: int = 0) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve `root` in a thread; returns (base URL, server)."""
    handler = type("Handler", (PagesHandler,), {"root": root.resolve()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    url, server = serve(folder, int(sys.argv[2]) if len(sys.argv) > 2 else 8000)
    print(f"Serving {folder} at {url} (gzip, Cache-Control: max-age={MAX_AGE}); Ctrl-C stops")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()
