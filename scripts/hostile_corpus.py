#!/usr/bin/env python3
"""Builds the hostile-input corpus at full size and runs translint on each case.

    scripts/hostile_corpus.py OUT_DIR [--bin target/release/translint] [--build-only]

Each case is a folder OUT_DIR/<case>/ holding the hostile input and `good.txt`, a clean
neighbour with one known finding. The run is `translint check --no-config --format json`;
the table says, per case, the exit status, what was reported for the hostile input, whether
good.txt was still linted, wall time and peak RSS. tests/hostile.rs checks the same outcomes
at sizes that keep `cargo test` fast. Nothing here is committed: it is all generated.

A second table covers issue 13 (hangs, lost edits, reading outside the project, unbounded
cost): each case builds its own folder under OUT_DIR/issue13/, runs translint under a
timeout and a memory limit, and says what happened: "ok", "clear error" (a diagnostic that
says what is wrong, exit 2), or what went wrong instead ("HUNG", "LOST n appends", ...).
`--only NAME` runs the cases whose name contains NAME.
"""
import argparse
import json
import os
import pathlib
import random
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time


GOOD = "ok text , here\n"
EXPECTED = {
    "invalid-utf8": "error io/invalid-utf8, exit 2",
    "utf16-bom": "error io/read-error (UTF-16), exit 2",
    "nul-bytes": "skipped as binary (-v says so)",
    "long-line-10mb": "linted; human output names the line",
    "100k-files": "linted",
    "nested-quotes": "linted",
    "nested-lists": "linted",
    "nested-indent": "linted",
    "nested-brackets": "linted",
    "rtl-zero-width": "linted",
    "combining-marks": "linted",
    "crlf-lone-cr": "linted",
    "symlink-loop-walked": "not followed, not linted",
    "symlink-loop-named": "error io/read-error (symbolic links), exit 2",
    "unreadable": "error io/read-error (permission), exit 2; root: linted",
    "deleted-mid-run": "linted or io/read-error (not found), exit 2",
}


def write(path: pathlib.Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def build(out: pathlib.Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    for case in EXPECTED:
        write(out / case / "good.txt", GOOD)
    write(out / "invalid-utf8/bad.txt", b"valid , start \xff\xfe\xc3( then more\n")
    write(out / "utf16-bom/utf16.txt", b"\xff\xfe" + "hi , there\n".encode("utf-16-le"))
    write(out / "nul-bytes/nul.txt", b"text , \x00 binary")
    unit = "The minister said , the talks went on through the night in Tokyo today. "
    write(out / "long-line-10mb/long.txt", unit * (10_000_000 // len(unit)))
    many = out / "100k-files/many"
    for i in range(100_000):
        write(many / f"d{i // 1000:03}" / f"f{i:06}.txt", "a , b\n")
    write(out / "nested-quotes/q.md", ">" * 10_000 + " deep , quote\n")
    write(out / "nested-lists/l.md", "- " * 10_000 + "item ,\n" + "1. " * 5_000 + "> " * 5_000 + "x ,\n")
    write(out / "nested-indent/i.md", "".join("  " * i + "- item ,\n" for i in range(2_000)))
    write(out / "nested-brackets/b.md", "[" * 10_000 + "t ," + "]" * 10_000 + "\n" + "*_" * 5_000 + "t ," + "_*" * 5_000 + "\n")
    write(out / "rtl-zero-width/r.txt", "\u05e9\u05dc\u05d5\u05dd \u202ex , y\u202c \u200b\u200d\u2066z ,\u2069\n\u0627\u0644\u0633\u0644\u0627\u0645 , \ufeffmid\n")
    write(out / "combining-marks/c.txt", "cafe\u0301 , na\u0308ive" + "a" + "\u0301" * 10_000 + " ,\n")
    write(out / "crlf-lone-cr/e.txt", "one\r\ntwo\rthree , x\r\nfour , y\r" * 1000)
    for case in ("symlink-loop-walked", "symlink-loop-named"):
        os.symlink("loop_b.txt", out / case / "loop_a.txt")
        os.symlink("loop_a.txt", out / case / "loop_b.txt")
        os.symlink("..", out / case / "up")
    write(out / "unreadable/secret.txt", "a , b\n")
    os.chmod(out / "unreadable/secret.txt", 0)
    for i in range(20_000):
        write(out / "deleted-mid-run/many" / f"f{i:05}.txt", "a , b\n")


def run(binary: str, case_dir: pathlib.Path, args, delete=None):
    cmd = [binary, "check", "--no-config", "--format", "json", "-v", *args]
    timed = ["/usr/bin/time", "-f", "%M"] if os.path.exists("/usr/bin/time") else []
    start = time.monotonic()
    proc = subprocess.Popen(timed + cmd, cwd=case_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if delete is not None:
        time.sleep(0.05)
        delete.unlink()
    stdout, stderr = proc.communicate()
    elapsed = time.monotonic() - start
    err = stderr.decode("utf-8", "replace").strip().splitlines()
    rss = f"{int(err[-1]) // 1024} MB" if timed and err and err[-1].isdigit() else "?"
    return proc.returncode, stdout, err, elapsed, rss


# ---------------------------------------------------------------------------------------------
# Issue 13: hangs, lost edits, reading outside the project, unbounded cost.

TIMEOUT = 120  # seconds per run; a run that takes longer is reported as HUNG
MEMORY_LIMIT = 6 << 30  # address space per run; a run that needs more is reported as killed
SECRET = "s3cret-outside-the-project"


class Run:
    """One finished (or killed) run of translint."""

    def __init__(self, code, stdout, stderr, elapsed, rss_mb, hung):
        self.code, self.stdout, self.stderr = code, stdout, stderr
        self.elapsed, self.rss_mb, self.hung = elapsed, rss_mb, hung

    def json(self):
        try:
            return json.loads(self.stdout)
        except ValueError:
            return None

    def diagnostics(self, rule_prefix=""):
        out = self.json() or {}
        return [d for d in out.get("diagnostics", []) if d["rule"].startswith(rule_prefix)]

    def said(self, text):
        return text in self.stdout.decode("utf-8", "replace") or text in self.stderr.decode("utf-8", "replace")


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def translint(binary, cwd, args, stdin=b"", during=None, timeout=TIMEOUT):
    """Runs translint under a timeout and a memory limit; `during(proc)` runs while it does."""
    timed = ["/usr/bin/time", "-f", "%M"] if os.path.exists("/usr/bin/time") else []
    start = time.monotonic()
    proc = subprocess.Popen(timed + [binary, *args], cwd=cwd, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit_memory,
                            start_new_session=True)
    if during is not None:
        during(proc)
    hung = False
    try:
        stdout, stderr = proc.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        hung = True
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
    elapsed = time.monotonic() - start
    lines = stderr.decode("utf-8", "replace").rstrip().splitlines()
    rss = None
    if timed and lines and lines[-1].isdigit():
        rss = int(lines[-1]) // 1024
        stderr = "\n".join(lines[:-1]).encode()
    if timed and lines and len(lines) >= 2 and lines[-2].startswith("Command"):
        stderr = "\n".join(lines[:-2]).encode()
    return Run(proc.returncode, stdout, stderr, elapsed, rss, hung)


def fresh(root, name):
    d = root / name
    if d.exists():
        for p in d.rglob("*"):
            if p.is_dir() and not p.is_symlink():
                p.chmod(0o755)
        shutil.rmtree(d)
    d.mkdir(parents=True)
    write(d / "good.txt", GOOD)
    return d


def clear_error(run, rule_prefix, text=None):
    """ "clear error" when the run exited 2 with a diagnostic of that kind (saying `text`)."""
    if run.hung:
        return "HUNG (killed after the timeout)"
    found = [d for d in run.diagnostics(rule_prefix) if text is None or text in d["message"]]
    if run.code == 2 and found:
        return "clear error"
    if run.code is not None and run.code < 0:
        return f"killed by signal {-run.code}"
    return f"exit {run.code}, no {rule_prefix} error" + (f" saying '{text}'" if text else "")


def first_message(run, rule_prefix):
    found = run.diagnostics(rule_prefix)
    return f"`{found[0]['message'][:110]}`" if found else ""


def case_fifo_config_discovered(binary, d):
    os.mkfifo(d / "lint.toml")
    run = translint(binary, d, ["check", "--format", "json", "good.txt"])
    return run, clear_error(run, "io/read-error", "FIFO"), first_message(run, "io/")


def case_fifo_config_flag(binary, d):
    os.mkfifo(d / "cfg.toml")
    run = translint(binary, d, ["check", "--format", "json", "--config", "cfg.toml", "good.txt"])
    return run, clear_error(run, "io/read-error", "FIFO"), first_message(run, "io/")


def case_dev_zero_config(binary, d):
    run = translint(binary, d, ["check", "--format", "json", "--config", "/dev/zero", "good.txt"])
    return run, clear_error(run, "io/read-error", "regular file"), first_message(run, "io/")


def case_fifo_rule_file(binary, d):
    write(d / "lint.toml", 'rule-files = ["house.toml"]\n')
    os.mkfifo(d / "house.toml")
    run = translint(binary, d, ["check", "--format", "json", "good.txt"])
    return run, clear_error(run, "config/rule-file", "FIFO"), first_message(run, "config/")


def case_fifo_names_data(binary, d):
    write(d / "lint.toml", '[names]\ndata = ["names.toml"]\n')
    os.mkfifo(d / "names.toml")
    run = translint(binary, d, ["check", "--format", "json", "good.txt"])
    return run, clear_error(run, "config/names-data", "FIFO"), first_message(run, "config/")


def case_special_files_named(binary, d):
    os.mkfifo(d / "fifo.txt")
    run = translint(binary, d, ["check", "--no-config", "--format", "json", "fifo.txt", "/dev/zero", "good.txt"])
    errors = run.diagnostics("io/read-error")
    named = {e["path"] for e in errors}
    if run.hung:
        return run, "HUNG (killed after the timeout)", ""
    outcome = "clear error" if run.code == 2 and {"fifo.txt", "/dev/zero"} <= named else f"exit {run.code}, errors for {sorted(named)}"
    return run, outcome, "; ".join(f"{e['path']}: `{e['message']}`" for e in errors)


def case_fifo_swap(binary, d):
    """Files replaced by FIFOs between the walk and the read, 20 runs."""
    many = d / "many"
    hung, runs, refused = 0, 0, 0
    for round_ in range(20):
        if many.exists():
            shutil.rmtree(many)
        for i in range(2000):
            write(many / f"f{i:04}.txt", "a , b\n")

        def swap(proc):
            time.sleep(0.005 * (round_ % 5))
            for i in range(0, 2000, 7):
                p = many / f"f{i:04}.txt"
                tmp = many / f".fifo{i:04}"
                os.mkfifo(tmp)
                os.replace(tmp, p)

        run = translint(binary, d, ["check", "--no-config", "--format", "json", "many"], during=swap, timeout=60)
        runs += 1
        hung += run.hung or run.code not in (1, 2)
        refused += sum("FIFO" in e["message"] for e in run.diagnostics("io/read-error"))
    outcome = "ok" if hung == 0 else f"HUNG or failed in {hung} of {runs} runs"
    return run, outcome, f"{runs} runs, {hung} hung or failed; {refused} swapped-in FIFOs reported as not regular files"


def case_sparse_2gb(binary, d):
    with open(d / "sparse.txt", "wb") as f:
        f.truncate(2 << 30)
    run = translint(binary, d, ["check", "--no-config", "--format", "json", "-v", "."])
    binary_said = run.said("skipped binary file sparse.txt")
    small = run.rss_mb is not None and run.rss_mb < 200
    outcome = "ok" if binary_said and small and not run.hung else f"exit {run.code}, binary note {binary_said}, {run.rss_mb} MB"
    return run, outcome, "skipped as binary after reading its first 8 KB" if binary_said else ""


def case_outside_rule_files(binary, d):
    outside = d.parent / f"{d.name}-outside.toml"
    write(outside, f"{SECRET} = not toml\n")
    proj = d / "proj"
    write(proj / "good.txt", GOOD)
    os.symlink(outside, proj / "escape.toml")
    paths = [f"../../{outside.name}", str(outside), "/etc/passwd", "escape.toml"]
    write(proj / "lint.toml", "rule-files = [" + ", ".join(json.dumps(p) for p in paths) + "]\n")
    runs = [translint(binary, proj, ["check", "--format", fmt, "good.txt"]) for fmt in ("json", "human")]
    leaked = any(r.said(SECRET) or r.said("root:x:0") for r in runs)
    errors = runs[0].diagnostics("config/rule-file")
    refused = sum("outside" in e["message"] for e in errors)
    if leaked:
        return runs[0], "LEAKED the contents of a file outside the project", ""
    outcome = "clear error" if runs[0].code == 2 and refused == len(paths) else f"exit {runs[0].code}, {refused} of {len(paths)} refused"
    return runs[0], outcome, f"{refused} of {len(paths)} paths refused (`../`, absolute, /etc/passwd, symlink out); contents never printed"


def case_string_10mb(binary, d):
    write(d / "lint.toml", 'packs = "' + "x" * 10_000_000 + '"\n')
    runs = [translint(binary, d, ["check", "--format", fmt, "good.txt"]) for fmt in ("json", "human")]
    sizes = [len(r.stdout) + len(r.stderr) for r in runs]
    outcome = clear_error(runs[0], "config/")
    if outcome == "clear error" and max(sizes) > 100_000:
        outcome = f"error echoes the value ({max(sizes) // 1_000_000} MB of output)"
    return runs[0], outcome, f"output {sizes[0]} bytes (json), {sizes[1]} bytes (human)"


def case_exclude_globs(binary, d):
    n = 560_000
    globs = "".join(f'"archive/a{i}*.txt",\n' if i % 2 else f'"old/f{i}.txt",\n' for i in range(n))
    write(d / "lint.toml", "exclude = [\n" + globs + "]\n")
    for i in range(0, 1000, 2):
        write(d / "old" / f"f{i}.txt", "excluded , x\n")
    run = translint(binary, d, ["check", "--format", "json", "."])
    linted = {x["path"] for x in run.diagnostics()}
    right = linted == {"good.txt"}
    if run.hung:
        return run, "HUNG (killed after the timeout)", ""
    if run.code is not None and run.code < 0:
        return run, f"killed (signal {-run.code}; memory limit {MEMORY_LIMIT >> 30} GB?)", ""
    outcome = "ok" if right and (run.rss_mb or 0) < 1500 else f"exit {run.code}, linted {sorted(linted)[:3]}, {run.rss_mb} MB"
    return run, outcome, f"{n:,} globs (half literal paths, half wildcards); only good.txt linted: {right}"


def rule_pack(rule_id, pattern, replacement=None):
    text = f'[[rule]]\nid = "{rule_id}"\nkind = "pattern"\nseverity = "warning"\nsummary = "s"\nmessage = "m"\npattern = \'{pattern}\'\n'
    if replacement is not None:
        text += f"replacement = '{replacement}'\n"
    return text


def case_self_matching_fix(binary, d):
    write(d / "lint.toml", 'rule-files = ["house.toml"]\n')
    write(d / "house.toml", rule_pack("house/double-a", "a", "aa"))
    body = ("banana " * 10 + "\n") * 140  # ~10 KB
    write(d / "text.txt", body)
    run = translint(binary, d, ["check", "--fix", "--format", "json", "text.txt"])
    after = (d / "text.txt").read_text()
    untouched = after == body
    said = run.said("house/double-a") and (run.said("converge") or run.said("again"))
    if untouched and said and run.code == 2:
        outcome = "clear error"
    else:
        outcome = f"exit {run.code}; file {'untouched' if untouched else f'grew from {len(body)} to {len(after)} bytes'}"
    return run, outcome, first_message(run, "io/") or first_message(run, "fix/")


def case_concurrent_writer(binary, d):
    """Appends made while `--fix` runs: none may be lost unless the file is reported unwritten."""
    files = [d / "w" / f"f{i:03}.txt" for i in range(200)]
    for f in files:
        write(f, "x , y\n" * 200)
    appended = {f: [] for f in files}
    reported = set()
    stop = threading.Event()

    def writer():
        n = 0
        rng = random.Random(13)
        while not stop.is_set():
            f = rng.choice(files)
            token = f"token{n:07} , z\n"
            with open(f, "a") as fh:
                fh.write(token)
            appended[f].append(token)
            n += 1

    last = None
    for _ in range(3):
        stop.clear()
        t = threading.Thread(target=writer)

        def start(_proc):
            t.start()

        last = translint(binary, d, ["check", "--no-config", "--fix", "--format", "json", "w"], during=start)
        stop.set()
        t.join()
        for e in last.diagnostics("io/write-error"):
            reported.add(e["path"])
    lost = lost_reported = 0
    for f, tokens in appended.items():
        text = f.read_text()
        missing = sum(tok.replace(" ,", ",") not in text and tok not in text for tok in tokens)
        if str(f.relative_to(d)) in reported:
            lost_reported += missing
        else:
            lost += missing
    total = sum(len(t) for t in appended.values())
    outcome = "ok" if lost == 0 and not last.hung else f"LOST {lost} appends in files not reported"
    return last, outcome, f"{total} appends in 3 runs; {len(reported)} files reported not written ({lost_reported} appends in them missing)"


def case_hard_link(binary, d):
    write(d / "lint/a.txt", "a , b\n")
    (d / "other").mkdir()
    os.link(d / "lint/a.txt", d / "other/a-link.txt")
    run = translint(binary, d, ["check", "--no-config", "--fix", "--format", "json", "lint"])
    same = os.stat(d / "lint/a.txt").st_ino == os.stat(d / "other/a-link.txt").st_ino
    text = (d / "lint/a.txt").read_text()
    errors = run.diagnostics("io/write-error")
    if same and errors and "link" in errors[0]["message"] and run.code == 2:
        return run, "clear error", first_message(run, "io/")
    if same and text == "a, b\n":
        return run, "ok", "written in place through the link"
    return run, f"link broken: {'same' if same else 'different'} inodes, text {text!r}", ""


def case_ownership(binary, d):
    write(d / "a.txt", "a , b\n")
    if os.geteuid() != 0:
        os.chmod(d / "a.txt", 0o640)
        run = translint(binary, d, ["check", "--no-config", "--fix", "--format", "json", "a.txt"])
        mode = stat.S_IMODE(os.stat(d / "a.txt").st_mode)
        outcome = "ok" if mode == 0o640 and (d / "a.txt").read_text() == "a, b\n" else f"mode {oct(mode)}"
        return run, outcome, "not root: permissions kept (ownership needs root to check)"
    os.chown(d / "a.txt", 65534, 65534)
    run = translint(binary, d, ["check", "--no-config", "--fix", "--format", "json", "a.txt"])
    st = os.stat(d / "a.txt")
    fixed = (d / "a.txt").read_text() == "a, b\n"
    if not fixed:
        outcome = f"not fixed (exit {run.code})"
    else:
        outcome = "ok" if (st.st_uid, st.st_gid) == (65534, 65534) else f"owner changed to {st.st_uid}:{st.st_gid}"
    return run, outcome, "a file owned by nobody, fixed as root"


def case_kill_during_write(binary, d):
    for i in range(300):
        write(d / "k" / f"f{i:03}.txt", "x , y\n" * 20_000)
    leftovers = []
    for delay in (0.05, 0.1, 0.2, 0.3, 0.5, 0.8):
        def kill(proc, delay=delay):
            time.sleep(delay)
            os.killpg(proc.pid, signal.SIGKILL)

        translint(binary, d, ["check", "--no-config", "--fix", "k"], during=kill)
        leftovers = sorted(p.name for p in (d / "k").iterdir() if not p.name.startswith("f"))
        if leftovers:
            break
    run = translint(binary, d, ["check", "--no-config", "--fix", "--format", "json", "k"])
    after = sorted(p.name for p in (d / "k").iterdir() if not p.name.startswith("f"))
    linted = {x["path"] for x in run.diagnostics()}
    temp_linted = [p for p in linted if "translint-tmp" in p]
    named = all(".translint-tmp-" in p for p in leftovers)
    if temp_linted:
        outcome = "temporary files linted by the next run"
    elif not after and named:
        outcome = "ok"
    else:
        outcome = f"{len(after)} orphan temporary files left after the next run"
    return run, outcome, f"left by a kill: {leftovers[:2]}{'…' if len(leftovers) > 2 else ''}; after the next --fix: {len(after)}"


def case_match_everything(binary, d):
    write(d / "lint.toml", 'rule-files = ["house.toml"]\n')
    write(d / "house.toml", rule_pack("house/everything", "(?s).") )
    write(d / "big.txt", ("x" * 99 + "\n") * 2_000)  # 200 KB: 200,000 findings without a cap
    run = translint(binary, d, ["check", "--format", "json", "big.txt"])
    found = run.diagnostics("house/")
    if run.hung:
        return run, "HUNG (killed after the timeout)", ""
    if run.code is not None and run.code < 0:
        return run, f"killed (signal {-run.code})", ""
    capped = len(found) < 10_000
    outcome = "ok" if capped else f"{len(found):,} findings, {len(run.stdout) >> 20} MB of output"
    return run, outcome, f"{len(found):,} findings reported for 200,000 matches"


def case_glossary_100k(binary, d):
    entities = "".join(
        f'[[names.entity]]\ncanonical = "Zarkon{i} Velomir{i}"\nvariants = ["Zarkon{i} Velomyr{i}"]\n' for i in range(100_000)
    )
    write(d / "lint.toml", entities)
    run = translint(binary, d, ["check", "--format", "json", "good.txt"])
    if run.hung:
        return run, "HUNG (killed after the timeout)", ""
    outcome = "ok" if run.code in (0, 1) and run.elapsed < 2 else f"exit {run.code} after {run.elapsed:.1f} s"
    return run, outcome, "100,000 entities in lint.toml, one small file"


LSP_INIT = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}}


def frame(msg):
    body = json.dumps(msg).encode() if not isinstance(msg, bytes) else msg
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def lsp_session(binary, d, middle, timeout=20):
    """initialize, `middle` (raw bytes), then shutdown (id 99) and exit. Returns (answered
    ids, exit code or None when it hung, stderr)."""
    init = dict(LSP_INIT, params=dict(LSP_INIT["params"], rootUri=d.resolve().as_uri()))
    proc = subprocess.Popen([binary, "lsp"], cwd=d, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=limit_memory, start_new_session=True)
    answered = []

    def read():
        buf = b""
        while True:
            chunk = proc.stdout.read1(65536)
            if not chunk:
                return
            buf += chunk
            while b"\r\n\r\n" in buf:
                head, rest = buf.split(b"\r\n\r\n", 1)
                length = int(head.split(b":")[1])
                if len(rest) < length:
                    break
                msg = json.loads(rest[:length])
                buf = rest[length:]
                if "id" in msg and "method" not in msg:
                    answered.append(msg["id"])

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        proc.stdin.write(frame(init))
        proc.stdin.write(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        proc.stdin.write(middle)
        proc.stdin.write(frame({"jsonrpc": "2.0", "id": 99, "method": "shutdown"}))
        proc.stdin.flush()
        deadline = time.monotonic() + timeout
        while 99 not in answered and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        proc.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"}))
        proc.stdin.close()
    except BrokenPipeError:
        pass
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        code = None
    reader.join(timeout=2)
    return answered, code, proc.stderr.read().decode("utf-8", "replace")


def lsp_case(middle, expect_ids=(1, 99)):
    def case(binary, d):
        answered, code, stderr = lsp_session(binary, d, middle)
        detail = f"answered ids {answered}, exit {code}"
        if code is None:
            return None, "HUNG (killed after the timeout)", detail
        ok = all(i in answered for i in expect_ids) and code == 0
        return None, "ok" if ok else f"session lost ({detail})", detail
    return case


def case_lsp_fifo_rule_file(binary, d):
    write(d / "lint.toml", 'rule-files = ["house.toml"]\n[names]\ndata = ["names.toml"]\n')
    os.mkfifo(d / "house.toml")
    os.mkfifo(d / "names.toml")
    return lsp_case(b"")(binary, d)


def lsp_shutdown_response_case(binary, d):
    """The client answers something (a response with an unknown id) between shutdown and exit."""
    init = dict(LSP_INIT, params=dict(LSP_INIT["params"], rootUri=d.resolve().as_uri()))
    stream = (frame(init) + frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
              + frame({"jsonrpc": "2.0", "id": 99, "method": "shutdown"})
              + frame({"jsonrpc": "2.0", "id": 12345, "result": None})
              + frame({"jsonrpc": "2.0", "method": "exit"}))
    try:
        proc = subprocess.run([binary, "lsp"], cwd=d, input=stream, capture_output=True, timeout=20,
                              preexec_fn=limit_memory)
    except subprocess.TimeoutExpired:
        return None, "HUNG (killed after the timeout)", ""
    outcome = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
    return None, outcome, f"exit {proc.returncode}"


ISSUE13 = [
    # (name, what the issue found, case)
    ("lint.toml is a fifo", "hang", case_fifo_config_discovered),
    ("fifo --config", "hang", case_fifo_config_flag),
    ("--config /dev/zero", "memory grows until killed", case_dev_zero_config),
    ("fifo rule-files", "hang", case_fifo_rule_file),
    ("fifo names.data", "hang", case_fifo_names_data),
    ("lsp, fifo rule and data files", "answers initialize, then nothing", case_lsp_fifo_rule_file),
    ("fifo and /dev/zero named", "skipped without a word", case_special_files_named),
    ("files swapped for fifos", "hang in 16 of 20 runs", case_fifo_swap),
    ("2 GB sparse file", "read whole, 2 GB RSS", case_sparse_2gb),
    ("rule-files outside the project", "read, contents printed", case_outside_rule_files),
    ("10 MB string in lint.toml", "echoed twice", case_string_10mb),
    ("560k exclude globs", "4.4 GB", case_exclude_globs),
    ("--fix, concurrent writer", "328 of 10,250 appends lost", case_concurrent_writer),
    ("--fix, self-matching a -> aa", "10 KB grew to 647 KB", case_self_matching_fix),
    ("--fix, hard link", "link broken", case_hard_link),
    ("--fix, ownership (root) / mode", "root-owned", case_ownership),
    ("--fix, killed while writing", "orphan temporary file", case_kill_during_write),
    ("match-everything regex (200 KB file)", "10.8 M findings, 8.7 GB", case_match_everything),
    ("100k glossary entities", "108 s", case_glossary_100k),
    ("lsp Content-Length: 99999999999999", "abort, exit 134",
     lsp_case(b"Content-Length: 99999999999999\r\n\r\n{}")),
    ("lsp bad JSON", "exit 2", lsp_case(frame(b"{not json"))),
    ("lsp wrong Content-Length", "exit 2",
     lsp_case(b"Content-Length: 5\r\n\r\n" + json.dumps({"jsonrpc": "2.0", "method": "initialized"}).encode())),
    ("lsp Content-Length: abc", "exit 2", lsp_case(b"Content-Length: abc\r\n\r\n{}")),
    ("lsp response between shutdown and exit", "exit 2", lsp_shutdown_response_case),
]


def issue13(binary, out, only):
    out.mkdir(parents=True, exist_ok=True)
    print("| issue 13 case | before (the audit) | outcome | exit | time | peak RSS | detail |")
    print("|---|---|---|---|---|---|---|")
    ok = True
    for name, before, case in ISSUE13:
        if only and only not in name:
            continue
        d = fresh(out, "".join(c if c.isalnum() else "-" for c in name).strip("-"))
        start = time.monotonic()
        try:
            run, outcome, detail = case(binary, d)
        except Exception as e:  # a broken case is a finding, not a crash of the table
            run, outcome, detail = None, f"case failed: {type(e).__name__}: {e}", ""
        elapsed = run.elapsed if run else time.monotonic() - start
        code = "" if run is None else ("killed" if run.hung else run.code)
        rss = f"{run.rss_mb} MB" if run and run.rss_mb is not None else ""
        ok &= outcome in ("ok", "clear error")
        print(f"| {name} | {before} | {outcome} | {code} | {elapsed:.2f} s | {rss} | {detail} |", flush=True)
    return 0 if ok else 1



def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--bin", default=str(pathlib.Path(__file__).resolve().parents[1] / "target/release/translint"))
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--only", help="run only the issue 13 cases whose name contains this")
    args = ap.parse_args()
    # Runs happen inside the case folders.
    args.bin = str(pathlib.Path(args.bin).resolve())
    if args.only:
        return issue13(args.bin, args.out / "issue13", args.only)
    build(args.out)
    if args.build_only:
        return 0
    print("| case | expected | exit | reported for the hostile input | good.txt linted | time | peak RSS |")
    print("|---|---|---|---|---|---|---|")
    ok = True
    for case, expected in EXPECTED.items():
        d = args.out / case
        paths, delete = ["."], None
        if case == "symlink-loop-named":
            paths = ["loop_a.txt", "good.txt"]
        if case == "deleted-mid-run":
            delete = d / "many/f19999.txt"
        code, stdout, stderr, elapsed, rss = run(args.bin, d, paths, delete)
        try:
            out = json.loads(stdout)
        except ValueError:
            out = {"diagnostics": []}
            ok = False
        diags = out["diagnostics"]
        good = [x for x in diags if x["path"] == "good.txt"]
        other = [x for x in diags if x["path"] != "good.txt"]
        rules = sorted({x["rule"] for x in other})
        first_io = next((x for x in other if x["rule"].startswith("io/")), None)
        said = f"{len(other)} findings {', '.join(rules)}" if other else "nothing"
        if first_io:
            said += f"; `{first_io['path']}`: {first_io['message']}"
        skipped = [line for line in stderr if "skipped" in line]
        if skipped:
            said += f"; stderr: {skipped[0]}"
        linted = len(good) == 1 and good[0]["line"] == 1 and good[0]["column"] == 8
        ok &= linted and code in (0, 1, 2)
        print(f"| {case} | {expected} | {code} | {said} | {'yes' if linted else 'NO'} | {elapsed:.2f} s | {rss} |")
    print()
    ok &= issue13(args.bin, args.out / "issue13", None) == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
