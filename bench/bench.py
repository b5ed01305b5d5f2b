#!/usr/bin/env python3
"""Helpers for bench/run.sh (Python 3.11, stdlib only).

Subcommands (each prints `key=value` lines that run.sh appends to its results file):
  latency   idle latency: POST messages one at a time, match them with the simulator's sent log
  bulk      time one bulk POST of N recipients while sampling the gateway's RSS
  pgpct     p50/p99 (ms) and transactions/s from pgbench per-transaction logs (-l)
  rss       current VmRSS / VmHWM of a process in MB
  table     print the result table from the results file
"""
import argparse
import glob
import http.client
import json
import math
import os
import sys
import threading
import time
from datetime import datetime


def pct(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(p / 100.0 * len(s)) - 1))
    return s[k]


def iso_to_ns(text):
    """ISO-8601 instant with up to nanoseconds and a trailing Z -> epoch ns (clock of the same machine)."""
    text = text.rstrip("Z")
    frac = "0"
    if "." in text:
        text, frac = text.split(".", 1)
    dt = datetime.fromisoformat(text + "+00:00")
    return int(dt.timestamp()) * 1_000_000_000 + int(frac.ljust(9, "0")[:9])


def read_status(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    k, v = line.split(":", 1)
                    out[k] = int(v.split()[0]) / 1024.0  # kB -> MB
    except OSError:
        pass
    return out


# ---------------------------------------------------------------------------------------------------------
def cmd_latency(a):
    """One POST at a time; latency = agent's `at` for that message - client clock right after the 201."""
    sent_log = a.sent_log
    start_offset = os.path.getsize(sent_log) if os.path.exists(sent_log) else 0
    conn = http.client.HTTPConnection(a.host, a.port, timeout=30)
    headers = {"Authorization": f"Bearer {a.key}", "Content-Type": "application/json"}
    responded = {}
    errors = 0
    for i in range(a.n):
        body = json.dumps({"to": "+1555%07d" % (2_000_000 + i), "body": f"idle latency probe {i}"})
        conn.request("POST", "/api/v1/messages", body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        t = time.time_ns()
        if resp.status != 201:
            errors += 1
        else:
            responded[json.loads(data)["id"]] = t
        time.sleep(a.pause_ms / 1000.0)
    conn.close()
    # Wait (bounded) until the simulator logged every message.
    seen = {}
    deadline = time.time() + a.wait_s
    while True:
        with open(sent_log) as f:
            f.seek(start_offset)
            for line in f:
                if not line.endswith("\n"):
                    break
                rec = json.loads(line)
                if rec.get("messageId") in responded and rec["messageId"] not in seen:
                    seen[rec["messageId"]] = iso_to_ns(rec["at"])
        if len(seen) >= len(responded) or time.time() > deadline:
            break
        time.sleep(0.1)
    lat = [(seen[m] - responded[m]) / 1e6 for m in seen]
    print(f"idle_n={len(lat)}")
    print(f"idle_errors={errors}")
    print(f"idle_missing={len(responded) - len(seen)}")
    if lat:
        print(f"idle_p50={pct(lat, 50):.3f}")
        print(f"idle_p99={pct(lat, 99):.3f}")
        print(f"idle_max={max(lat):.3f}")
        print(f"idle_min={min(lat):.3f}")
        print(f"idle_neg={sum(1 for x in lat if x < 0)}")


# ---------------------------------------------------------------------------------------------------------
def cmd_bulk(a):
    key = a.prefix
    recipients = [{"to": "+1555%07d" % (3_000_000 + i), "body": f"bulk message {i}"} for i in range(a.n)]
    payload = json.dumps({"messages": recipients, "name": f"bench-{a.n}", "priority": 0}).encode()
    headers = {"Authorization": f"Bearer {a.key}", "Content-Type": "application/json"}
    peak = [0.0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], read_status(a.pid).get("VmRSS", 0.0))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    conn = http.client.HTTPConnection(a.host, a.port, timeout=a.timeout)
    t0 = time.perf_counter()
    try:
        conn.request("POST", "/api/v1/messages/bulk", body=payload, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        status = resp.status
    except Exception as e:  # noqa: BLE001 - reported, not fatal
        print(f"{key}_status=error")
        print(f"{key}_error={type(e).__name__}: {e}".replace("\n", " "), file=sys.stderr)
        stop.set()
        return
    elapsed = time.perf_counter() - t0
    # Keep sampling a little: the job may still be expanding in the background.
    time.sleep(a.after_s)
    stop.set()
    sampler.join()
    if status in (404, 405):
        print(f"{key}_status=missing")
        return
    if status not in (200, 201, 202):
        print(f"{key}_status=http{status}")
        print(data[:300].decode(errors="replace"), file=sys.stderr)
        return
    job = json.loads(data).get("jobId", "")
    print(f"{key}_status=ok")
    print(f"{key}_s={elapsed:.3f}")
    print(f"{key}_peak_rss={peak[0]:.0f}")
    print(f"{key}_job={job}")


# ---------------------------------------------------------------------------------------------------------
def cmd_pgpct(a):
    """pgbench -l lines: client_id transaction_no time_us script_no time_epoch time_us"""
    lat = []
    first = last = None
    for path in glob.glob(a.glob):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) < 6:
                    continue
                lat.append(int(parts[2]) / 1000.0)
                end = int(parts[4]) + int(parts[5]) / 1e6
                first = end if first is None else min(first, end)
                last = end if last is None else max(last, end)
    p = a.prefix
    if not lat:
        print(f"{p}_n=0")
        return
    print(f"{p}_n={len(lat)}")
    print(f"{p}_p50={pct(lat, 50):.3f}")
    print(f"{p}_p99={pct(lat, 99):.3f}")


def cmd_rss(a):
    st = read_status(a.pid)
    print(f"{a.prefix}={st.get('VmRSS', 0):.0f}")
    print(f"{a.prefix}_hwm={st.get('VmHWM', 0):.0f}")


# ---------------------------------------------------------------------------------------------------------
def load(path):
    r = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if "=" in line and not line.startswith("#"):
                k, v = line.split("=", 1)
                r[k.strip()] = v.strip()
    return r


def cmd_table(a):
    r = load(a.results)

    def num(k):
        try:
            return float(r[k])
        except (KeyError, ValueError):
            return None

    def fmt(v, unit="", digits=None):
        if v is None:
            return "n/a"
        if digits is None:
            digits = 0 if abs(v) >= 100 else (1 if abs(v) >= 10 else 2)
        return f"{v:,.{digits}f}{unit}"

    rows = []

    def ratio(g, b):
        return None if g is None or b in (None, 0) else g / b

    def verdict(ok):
        return "—" if ok is None else ("ok" if ok else "MISS")

    # 1. Enqueue
    for c in ("16", "64"):
        g, b = num(f"enq{c}_rps"), num(f"pgins{c}_tps")
        rt = ratio(g, b)
        err = num(f"enq{c}_errors")
        note = f" ({int(err)} errors)" if err else ""
        rows.append([f"Enqueue POST, {c} conn (req/s)", fmt(g) + note, fmt(b) + " INSERT tx/s",
                     fmt(rt, "×"), "≥ 0.5×", verdict(None if rt is None else rt >= 0.5)])
        g50, g99 = num(f"enq{c}_p50"), num(f"enq{c}_p99")
        b50, b99 = num(f"pgins{c}_p50"), num(f"pgins{c}_p99")
        target = "p99 ≤ 25 ms" if c == "16" else "—"
        ok = (g99 <= 25) if (c == "16" and g99 is not None) else None
        rows.append([f"Enqueue latency, {c} conn (p50 / p99)", f"{fmt(g50)} / {fmt(g99)} ms",
                     f"{fmt(b50)} / {fmt(b99)} ms", fmt(ratio(g99, b99), "×"), target, verdict(ok)])
    for c in ("16", "64"):
        g, b = num(f"enqn{c}_rps"), num(f"pgins{c}_tps")
        if g is not None:
            rt = ratio(g, b)
            rows.append([f"Enqueue POST, {c} conn, no agent (req/s)", fmt(g), fmt(b) + " INSERT tx/s",
                         fmt(rt, "×"), "≥ 0.5×", verdict(None if rt is None else rt >= 0.5)])
            g50, g99 = num(f"enqn{c}_p50"), num(f"enqn{c}_p99")
            ok = (g99 <= 25) if (c == "16" and g99 is not None) else None
            rows.append([f"Enqueue latency, {c} conn, no agent (p50 / p99)", f"{fmt(g50)} / {fmt(g99)} ms",
                         f"{fmt(num(f'pgins{c}_p50'))} / {fmt(num(f'pgins{c}_p99'))} ms",
                         fmt(ratio(g99, num(f'pgins{c}_p99')), "×"), "p99 ≤ 25 ms" if c == "16" else "—", verdict(ok)])
    # 2. Dispatch
    g, b = num("disp_mps"), num("pgdisp_mps")
    rt = ratio(g, b)
    n = r.get("disp_n", "?")
    extra = "" if r.get("disp_complete", "1") == "1" else " (INCOMPLETE)"
    rows.append([f"Dispatch {n} queued → sent (msg/s)", fmt(g) + extra, fmt(b) + " claim+updates",
                 fmt(rt, "×"), "≥ 0.5×", verdict(None if rt is None or extra else rt >= 0.5)])
    # 3. Idle latency
    p50, p99 = num("idle_p50"), num("idle_p99")
    miss = num("idle_missing")
    note = f" ({int(miss)} never sent)" if miss else ""
    rows.append([f"Idle POST→agent send, {r.get('idle_n', '?')} msgs (p50 / p99)",
                 f"{fmt(p50)} / {fmt(p99)} ms{note}", "—", "—", "p50 ≤ 10, p99 ≤ 50 ms",
                 verdict(None if p50 is None else (p50 <= 10 and p99 <= 50 and not miss))])
    # 4. Bulk
    for k, label, limit in (("bulk10k", "10,000", 1.0), ("bulk100k", "100,000", 8.0)):
        st = r.get(f"{k}_status", "skipped")
        if st == "ok":
            v = num(f"{k}_s")
            rows.append([f"Bulk accept {label} recipients", fmt(v, " s"), "—", "—", f"≤ {limit:g} s",
                         verdict(v <= limit)])
        else:
            why = {"missing": "n/a (endpoint missing)", "skipped": "n/a (skipped)"}.get(st, f"n/a ({st})")
            rows.append([f"Bulk accept {label} recipients", why, "—", "—", f"≤ {limit:g} s", "—"])
    peak = num("bulk_peak_rss")
    rows.append(["Bulk peak RSS of the gateway", fmt(peak, " MB") if peak else "n/a", "—", "—", "≤ 512 MB",
                 verdict(None if not peak else peak <= 512)])
    # 5. Reads
    reads = (("list", "GET messages (page 1)"), ("participant", "GET messages ?participant="),
             ("direction", "GET messages ?direction=received"), ("stats", "GET queue/stats"),
             ("bulkjob", "GET bulk/{jobId} progress"))
    rows_n = r.get("reads_rows", "?")
    for k, label in reads:
        st = r.get(f"read_{k}_status", "ok")
        if st != "ok":
            why = "n/a (endpoint missing)" if st == "missing" else f"n/a ({st})"
            rows.append([f"{label} (p50 / p99)", why, "—", "—", "p99 ≤ 50 ms", "—"])
            continue
        g50, g99 = num(f"read_{k}_p50"), num(f"read_{k}_p99")
        b50, b99 = num(f"pgread_{k}_p50"), num(f"pgread_{k}_p99")
        err = num(f"read_{k}_errors")
        note = f" ({int(err)} errors)" if err else ""
        rows.append([f"{label} (p50 / p99)", f"{fmt(g50)} / {fmt(g99)} ms{note}",
                     f"{fmt(b50)} / {fmt(b99)} ms SQL", fmt(ratio(g99, b99), "×"), "p99 ≤ 50 ms",
                     verdict(None if g99 is None else (g99 <= 50 and not err))])
    # 6. Start-up and memory
    rows.append(["Start-up: process start → ready", fmt(num("startup_ms"), " ms"), "—", "—", "—", "—"])
    rows.append(["RSS idle after start", fmt(num("rss_start"), " MB"), "—", "—", "—", "—"])
    rows.append(["RSS after the load (peak VmHWM)",
                 f"{fmt(num('rss_end'), ' MB')} ({fmt(num('rss_end_hwm'), ' MB')})", "—", "—", "—", "—"])

    head = ["figure", "gateway", "baseline", "ratio", "target", "met?"]
    widths = [max(len(str(x[i])) for x in rows + [head]) for i in range(len(head))]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))
    notes = []
    if r.get("reads_rows"):
        notes.append(f"reads on a table of {int(r['reads_rows']):,} messages")
    if r.get("idle_neg") not in (None, "0"):
        notes.append(f"{r['idle_neg']} idle samples reached the agent before the client had read the 201")
    if r.get("disp_before_ready") not in (None, "0"):
        notes.append(f"{r['disp_before_ready']} messages were handed over before readiness (timer starts at the first hand-over)")
    if r.get("pgdisp_clients"):
        notes.append(f"dispatch baseline: best of pgbench -c {r['pgdisp_clients']}, batch {r.get('pgdisp_batch')}")
    if notes:
        print()
        for n in notes:
            print(f"- {n}")
    misses = sum(1 for row in rows if row[5] == "MISS")
    print()
    print(f"targets missed: {misses}")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("latency")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--key", required=True)
    s.add_argument("--n", type=int, required=True)
    s.add_argument("--pause-ms", type=float, default=10)
    s.add_argument("--sent-log", required=True)
    s.add_argument("--wait-s", type=float, default=15)
    s = sub.add_parser("bulk")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--key", required=True)
    s.add_argument("--n", type=int, required=True)
    s.add_argument("--pid", type=int, required=True)
    s.add_argument("--prefix", required=True)
    s.add_argument("--timeout", type=float, default=120)
    s.add_argument("--after-s", type=float, default=1.0)
    s = sub.add_parser("pgpct")
    s.add_argument("--glob", required=True)
    s.add_argument("--prefix", required=True)
    s = sub.add_parser("rss")
    s.add_argument("--pid", type=int, required=True)
    s.add_argument("--prefix", required=True)
    s = sub.add_parser("table")
    s.add_argument("results")
    a = p.parse_args()
    {"latency": cmd_latency, "bulk": cmd_bulk, "pgpct": cmd_pgpct, "rss": cmd_rss, "table": cmd_table}[a.cmd](a)


if __name__ == "__main__":
    main()
