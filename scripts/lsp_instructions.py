#!/usr/bin/env python3
"""The language server's work per edit, in instructions: independent of the machine's load,
unlike the round-trip times of `cargo test --release --test lsp -- --ignored relint`.

usage: scripts/lsp_instructions.py [--others 0 50] [--edits 10] --bin A [--bin B ...]

For each binary and each workspace size, starts `BIN lsp` under callgrind (one rayon thread),
opens a 100 KB document of the seed articles (fixtures/seeds, repeated) in a workspace holding
OTHERS copies of it, waits for its diagnostics, zeroes the counters, then makes EDITS edits
(adding and removing a space before the last full stop, so every edit changes what is
published), each awaited. Prints the instructions per didChange -> publishDiagnostics, the
server's threads together. Needs valgrind (callgrind_control, callgrind_annotate).
"""
import argparse, json, os, pathlib, re, shutil, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--bin", action="append", required=True)
ap.add_argument("--others", type=int, nargs="+", default=[0, 50])
ap.add_argument("--edits", type=int, default=10)
a = ap.parse_args()
for tool in ("valgrind", "callgrind_control", "callgrind_annotate"):
    if not shutil.which(tool):
        sys.exit(f"{tool} not found: install valgrind")

seeds = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
paragraph = "".join(p.read_text() + "\n" for p in sorted(seeds.iterdir()))
text = ""
while len(text) < 100_000:
    text += paragraph
text += "The end.\n"
end_line = text.count("\n") - 1


class Server:
    def __init__(self, binary, out):
        self.proc = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--separate-threads=no",
             f"--callgrind-out-file={out}", binary, "lsp"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            cwd=tempfile.gettempdir(), env={**os.environ, "RAYON_NUM_THREADS": "1"})
        self.next_id = 0

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                sys.exit("the server hung up")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        msg = json.loads(self.proc.stdout.read(length))
        if "method" in msg and "id" in msg:  # a request from the server: answered
            self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
            return self.read()
        return msg

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            msg = self.read()
            if msg.get("id") == self.next_id and "method" not in msg:
                return msg

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri):
        while True:
            msg = self.read()
            if msg.get("method") == "textDocument/publishDiagnostics" \
                    and msg["params"]["uri"] == uri:
                return len(msg["params"]["diagnostics"])


def per_edit(binary, others):
    with tempfile.TemporaryDirectory(prefix="translint-lsp-") as ws, \
            tempfile.TemporaryDirectory(prefix="translint-cg-") as cg:
        for i in range(others):
            pathlib.Path(ws, f"other{i}.txt").write_text(text)
        out = os.path.join(cg, "callgrind.out")
        server = Server(binary, out)
        root = "file://" + os.path.realpath(ws)
        uri = root + "/big.txt"
        server.request("initialize", {
            "processId": None, "rootUri": root,
            "workspaceFolders": [{"uri": root, "name": "ws"}],
            "capabilities": {}, "initializationOptions": {"debounceMs": 0}})
        server.notify("initialized", {})
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
        baseline = server.diagnostics(uri)
        subprocess.run(["callgrind_control", "--zero", str(server.proc.pid)], check=True,
                       capture_output=True)
        for i in range(a.edits):
            added = i % 2 == 0
            change = {"range": {"start": {"line": end_line, "character": 7},
                                "end": {"line": end_line, "character": 7 + (not added)}},
                      "text": " " if added else ""}
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [change]})
            n = server.diagnostics(uri)
            if n != baseline + added:
                sys.exit(f"edit {i}: {n} diagnostics, expected {baseline + added}")
        server.request("shutdown", None)
        server.notify("exit", None)
        server.proc.wait()
        annotated = subprocess.run(["callgrind_annotate", out], check=True,
                                   capture_output=True, text=True).stdout
        total = re.search(r"([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", annotated)
        return int(total.group(1).replace(",", "")) / a.edits, baseline


print(f"100 KB document, {a.edits} edits; instructions per didChange -> publishDiagnostics")
for others in a.others:
    for binary in a.bin:
        instructions, baseline = per_edit(binary, others)
        print(f"{others:3} other files  {instructions / 1e6:7.1f} M  "
              f"({baseline} diagnostics)  {binary}")
