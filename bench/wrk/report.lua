-- Shared by the wrk scripts: done() prints `PREFIX_key=value` lines (PREFIX from $BENCH_PREFIX) for run.sh.
function bench_report(summary, latency, requests)
  local p = os.getenv("BENCH_PREFIX") or "wrk"
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("%s_rps=%.1f\n", p, summary.requests / secs))
  io.write(string.format("%s_requests=%d\n", p, summary.requests))
  io.write(string.format("%s_p50=%.3f\n", p, latency:percentile(50) / 1000))
  io.write(string.format("%s_p99=%.3f\n", p, latency:percentile(99) / 1000))
  io.write(string.format("%s_max=%.3f\n", p, latency.max / 1000))
  io.write(string.format("%s_errors=%d\n", p, e.connect + e.read + e.write + e.timeout + e.status))
end
