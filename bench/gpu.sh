#!/usr/bin/env bash
# hemocell on one GPU, in one call: the benchmark, then a study, results under $OUT.
#
#   bash bench/gpu.sh [DATA] [SPLITS]
#
# DATA    a data root in the course layout. Default: ../shared/hemobench when present (the full benchmark data),
#         else .gpudata/hemobench (a subset carried to the GPU machine, see BENCHMARKS.md for how it is made).
# SPLITS  WBC splits for the study (default 1,10).
#
# Environment (defaults in brackets): DEVICE [cuda], OUT [./gpu-out], BENCH_ARGS [--compile] (e.g. --quick,
# --tiny), SKIP_BENCH [0], EPOCHS_SCALE [1], FP32_STUDY [1: also run the study in plain fp32, beside it], BUDGET_S [450: seconds for all],
# PROCS [1: processes sharing each study's runs, `hemocell-run --procs` (torchrun); several fill one large GPU, or one GPU each].
# Packages that the GPU image lacks (fastai and friends) are installed from wheels in .whl/ when present.
# Everything is written under $OUT: results.json, results.md (benchmark table, then the study reports), log.txt,
# env.txt, bench.json, study_fast.md, study_fp32.md. The benchmark table is printed last.
set -uo pipefail
cd "$(dirname "$0")/.."
T0=$(date +%s)
DATA=${1:-}; SPLITS=${2:-1,10}
if [ -z "$DATA" ]; then
  if [ -d ../shared/hemobench ]; then DATA=../shared/hemobench; else DATA=.gpudata/hemobench; fi
fi
DEVICE=${DEVICE:-cuda}; OUT=${OUT:-$PWD/gpu-out}; BENCH_ARGS=${BENCH_ARGS:---compile}
EPOCHS_SCALE=${EPOCHS_SCALE:-1}; FP32_STUDY=${FP32_STUDY:-1}; BUDGET_S=${BUDGET_S:-450}; PROCS=${PROCS:-1}
mkdir -p "$OUT"; LOG=$OUT/log.txt; : >"$LOG"
export PYTHONUNBUFFERED=1 HEMOCELL_CACHE=${HEMOCELL_CACHE:-/tmp/hemocell-cache}
PY=$(command -v python3 || command -v python)
say() { echo "[gpu.sh $(( $(date +%s) - T0 ))s] $*" | tee -a "$LOG" >&2; }

# fastai and the other pure-Python packages hemocell needs, when this Python lacks them
if ! "$PY" -c 'import fastai, fastcore, fastprogress, pytorch_msssim' 2>/dev/null; then
  if ls .whl/*.whl >/dev/null 2>&1; then
    say "installing $(ls .whl/*.whl | wc -l) wheels from .whl into /tmp/site"
    "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl >>"$LOG" 2>&1 \
      || { say "wheel install failed"; exit 1; }
    export PYTHONPATH=/tmp/site${PYTHONPATH:+:$PYTHONPATH}
  else say "fastai is missing and there is no .whl folder"; exit 1; fi
fi
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH}  # hemocell from this checkout, installed or not
# the console scripts, whether or not the package is installed (as files: fastcore's call_parse reads the
# command line only when called from a script file, not from `python -c`)
BIN=$(mktemp -d)
shim() { printf '#!%s\nfrom hemocell.%s import %s\n%s()\n' "$PY" "$1" "$2" "$2" >"$BIN/$3"; chmod +x "$BIN/$3"; }
shim bench hemocell_bench hemocell-bench; shim cli hemocell_run hemocell-run

{ date -u; nvidia-smi 2>&1 | head -15; "$PY" -c 'import torch, fastai; print("torch", torch.__version__, "cuda", torch.version.cuda,
  "gpu", torch.cuda.get_device_name() if torch.cuda.is_available() else None, "fastai", fastai.__version__)'; nproc; } >"$OUT/env.txt" 2>&1
say "$(tail -2 "$OUT/env.txt" | head -1); data: $DATA ($(du -sh "$DATA" 2>/dev/null | cut -f1))"

say "hemocell-bench --json --device $DEVICE $BENCH_ARGS"
[ "${SKIP_BENCH:-0}" = 1 ] && say "skipping hemocell-bench (SKIP_BENCH=1)" || \
timeout $(( BUDGET_S * 55 / 100 )) "$BIN/hemocell-bench" --json --device "$DEVICE" $BENCH_ARGS >"$OUT/bench.json" 2> >(tee -a "$LOG" >&2) || say "hemocell-bench failed (exit $?)"

study() {  # study NAME SECONDS [extra hemocell-run args]: run it (at most SECONDS), copy its results.md to $OUT/study_NAME.md
  local name=$1 secs=$2; shift 2
  say "hemocell-run --data $DATA --splits $SPLITS --device $DEVICE --epochs-scale $EPOCHS_SCALE $* ($name, at most $secs s)"
  local t=$(date +%s)
  timeout "$secs" "$BIN/hemocell-run" --data "$DATA" --splits "$SPLITS" --device "$DEVICE" --epochs-scale "$EPOCHS_SCALE" \
    --procs "$PROCS" --out "/tmp/study-$name" "$@" 2>&1 | sed -u "s/^/[$name] /" | tee -a "$LOG" >&2
  local rc=${PIPESTATUS[0]}
  say "study $name: exit $rc after $(( $(date +%s) - t )) s"
  [ -f "/tmp/study-$name/results.md" ] && cp "/tmp/study-$name/results.md" "$OUT/study_$name.md"
  return 0
}
# the study, and the same study in plain fp32 NCHW beside it on the same GPU (to compare accuracy: one seed, a data
# point, not a verdict); both stop in time for the summary
LEFT=$(( BUDGET_S - ($(date +%s) - T0) - 25 ))
if [ "$LEFT" -lt 30 ]; then say "no time left for a study"; else
  study fast "$LEFT" &
  if [ "$FP32_STUDY" = 1 ]; then study fp32 "$LEFT" --no-fast & fi
  wait
fi

# one results.json and one results.md, the benchmark table printed last
"$PY" - "$OUT" "$DEVICE" "$DATA" "$SPLITS" <<'EOF'
import json, sys
from pathlib import Path
out, device, data, splits = Path(sys.argv[1]), *sys.argv[2:]
def records(name):
    f = Path(f'/tmp/study-{name}/results.json')
    return json.loads(f.read_text()) if f.exists() else None
try: bench = json.loads((out/'bench.json').read_text())
except (OSError, ValueError): bench = None
res = {'device': device, 'data': data, 'splits': splits, 'bench': bench, 'study_fast': records('fast'), 'study_fp32': records('fp32')}
(out/'results.json').write_text(json.dumps(res, indent=1, default=str))
table = 'hemocell-bench: not run (SKIP_BENCH=1) or failed: see log.txt'
if bench:
    from hemocell.bench import bench_table
    table = bench_table(bench)
md = [f'# hemocell on {device}\n', f'data: {data}, splits {splits}\n', '## hemocell-bench\n', table, '']
acc = lambda rs: {r['name']: r.get('test_accuracy') for r in rs or [] if 'test_accuracy' in r}
fast, fp32 = acc(res['study_fast']), acc(res['study_fp32'])
if fast:
    md += ['## Test accuracy, fast (bf16 + channels-last) and fp32 (one seed)\n', '| run | fast | fp32 | fast s | fp32 s |', '|---|---:|---:|---:|---:|']
    secs = lambda rs, n: next((r.get('seconds') for r in rs or [] if r['name'] == n), None)
    for n, a in fast.items():
        b = fp32.get(n)
        md.append(f"| {n} | {100*a:.2f}% | {'' if b is None else f'{100*b:.2f}%'} | {secs(res['study_fast'], n)} | {secs(res['study_fp32'], n) or ''} |")
for name in ('fast', 'fp32'):
    f = out/f'study_{name}.md'
    if f.exists(): md += ['', f'## Study report ({name})\n', f.read_text().split('## Figures')[0]]
(out/'results.md').write_text('\n'.join(md))
print('\n' + table)
EOF
say "done in $(( $(date +%s) - T0 )) s; results in $OUT"
