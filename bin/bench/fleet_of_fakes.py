"""Many lightweight controllers on loopback addresses for the launcher's fleet benchmark: each answers /scriptText
the way a kit script does (the envelope with the call's nonce and a small result) after DELAY_MS, as a quick Jenkins
would; the address .250 never answers (a hung controller). Prints one line once all listen.
Usage: python3 fleet_of_fakes.py COUNT PORT DELAY_MS"""
import base64
import gzip
import json
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

count, port, delay = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) / 1000.0
PAYLOAD = re.compile(r"decode\(\[(.*?)\]\.join")


class Controller(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        if self.server.hung:
            time.sleep(3600)
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        literals = PAYLOAD.search(form["script"][0]).group(1)
        payload = json.loads(gzip.decompress(base64.b64decode("".join(re.findall(r"'([A-Za-z0-9+/=]*)'", literals)))))
        time.sleep(delay)
        result = {"ok": True, "result": {"tokens": []}, "secrets": []}
        text = "No token among 0 users.\n@@api-token-kit-result@@ %s %s\n" % (
            payload["envelope"], base64.b64encode(json.dumps(result).encode()).decode())
        body = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain;charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


servers = []
for n in list(range(1, count + 1)) + [250]:
    server = ThreadingHTTPServer(("127.0.0.%d" % n, port), Controller)
    server.hung = n == 250
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    servers.append(server)
print("listening", flush=True)
threading.Event().wait()
