#!/usr/bin/env bash
# The one-shot GPU run: everything the lab measures on a lent GPU machine (no .NET there), in one command.
#
#   scripts/gpu/device-run.sh OUTDIR              on the GPU machine, in the repository root, with
#                                                 artifacts/gpu/normlab (scripts/gpu/build-bundle.sh) carried along
#   scripts/gpu/device-run.sh --rehearse OUTDIR   the same steps on a machine without a GPU (or NORMLAB_REHEARSE=1):
#                                                 ilgpu-cpu instead of cuda, tiny shapes, CUDA/torch steps skipped when absent
#
# Each step has its own timeout, capped by what is left of a total budget (NORMLAB_RUN_BUDGET_S, default 450 s,
# so the whole run stays under 8 minutes), logs to OUTDIR/STEP.log, and a failing step does not stop the
# next. OUTDIR/steps.tsv: step, exit code (or "skipped"), seconds, log, note. Only JSON and text are left in
# OUTDIR: the exported safetensors are deleted at the end. reports/gpu/README.md says what each file is;
# `normlab report --gpu OUTDIR` renders them.
set -uo pipefail
cd "$(dirname "$0")/../.."

rehearse=${NORMLAB_REHEARSE:-0}
if [ "${1:-}" = "--rehearse" ]; then rehearse=1; shift; fi
out=${1:?usage: scripts/gpu/device-run.sh [--rehearse] OUTDIR}
mkdir -p "$out" || exit 2
out=$(cd "$out" && pwd)
normlab=${NORMLAB:-artifacts/gpu/normlab}
budget=${NORMLAB_RUN_BUDGET_S:-450}
start=$(date +%s)
# The bundle unpacks its native libraries once; keep them out of OUTDIR (which comes back) and off $HOME.
export DOTNET_BUNDLE_EXTRACT_BASE_DIR=${DOTNET_BUNDLE_EXTRACT_BASE_DIR:-${TMPDIR:-/tmp}/normlab-bundle}
export NO_COLOR=1

printf 'step\texit\tseconds\tlog\tnote\n' > "$out/steps.tsv"
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >> "$out/steps.tsv"; }
skip() { echo "skipped $1: $2"; record "$1" skipped 0 "" "$2"; }

# step NAME TIMEOUT_S COMMAND...: runs it under timeout (at most what is left of the budget).
step() {
  local name=$1 limit=$2; shift 2
  local left=$((budget - ($(date +%s) - start)))
  if [ "$left" -lt 5 ]; then skip "$name" "total budget of ${budget} s spent"; return; fi
  [ "$limit" -gt "$left" ] && limit=$left
  local log="$name.log" t0 t1 rc
  echo "== $name (timeout ${limit} s): $*"
  t0=$(date +%s.%N)
  timeout --kill-after=10 "$limit" "$@" > "$out/$log" 2>&1
  rc=$?
  t1=$(date +%s.%N)
  local secs; secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  local note=""; [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && note="timed out after ${limit} s"
  echo "   exit $rc, $secs s${note:+ ($note)}"; tail -3 "$out/$log" | sed 's/^/   | /'
  record "$name" "$rc" "$secs" "$log" "$note"
}

# The Python with torch: python3 first, then the system one (a pyenv python3 may lack Debian's python3-torch).
python=""
for p in ${PYTHON:-python3 /usr/bin/python3}; do
  if "$p" -c "import torch" 2>/dev/null; then python=$p; break; fi
done
has_cuda=0
command -v nvidia-smi > /dev/null && nvidia-smi -L > /dev/null 2>&1 && has_cuda=1

# --- the machine ------------------------------------------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "mode: $([ "$rehearse" = 1 ] && echo rehearsal || echo gpu)"
  echo "commit: $(git rev-parse HEAD 2> /dev/null || echo unknown)"
  echo "host: $(uname -srm)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2> /dev/null | cut -d: -f2- | sed 's/^ //')"
  echo "bundle: $normlab ($(stat -c %s "$normlab" 2> /dev/null || echo missing) bytes)"
  echo "python: ${python:-none with torch} $([ -n "$python" ] && "$python" -c 'import sys; print(sys.version.split()[0])')"
  [ -n "$python" ] && "$python" -c 'import torch; print("torch:", torch.__version__); print("torch cuda:", torch.version.cuda); print("cuda available:", torch.cuda.is_available())'
  if [ "$has_cuda" = 1 ]; then
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,power.limit --format=csv,noheader | sed 's/^/gpu: /'
    nvidia-smi | grep -o 'CUDA Version: [0-9.]*' | sed 's/CUDA Version/driver cuda/'
  fi
} > "$out/versions.txt" 2>&1
if [ "$has_cuda" = 1 ]; then
  step nvidia-smi 20 nvidia-smi
  # An excerpt: identity, driver/CUDA, clocks, power and ECC; the full -q is long and mostly zeros.
  timeout 20 nvidia-smi -q 2>&1 | grep -E -A0 'Product Name|Product Architecture|Driver Version|CUDA Version|VBIOS|MIG Mode|Current *:|Persistence Mode|Max Clocks|Graphics|SM  |Memory  |Power Limit|Volatile|Bus Id|GPU Part Number' \
    | head -60 > "$out/nvidia-smi-q.txt"
else
  skip nvidia-smi "no NVIDIA driver on this machine"
fi

# --- cuBLAS for FlashNorm's CUDA path: pip's nvidia-cublas-cu12 wheel (PyTorch's dependency), on the loader path
if [ -n "$python" ]; then
  cublas=$("$python" -c "import nvidia.cublas as m, os; print(os.path.join(list(m.__path__)[0], 'lib'))" 2> /dev/null)
  if [ -n "$cublas" ] && [ -d "$cublas" ]; then
    export LD_LIBRARY_PATH="$cublas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    { echo "cublas: $cublas"; ls "$cublas"; } > "$out/cublas.txt"
  else
    echo "cublas: no nvidia.cublas package beside torch; the loader's own libcublas, if any" > "$out/cublas.txt"
  fi
fi

# --- the steps --------------------------------------------------------------------------------------------
if [ ! -x "$normlab" ]; then
  echo "no bundle at $normlab: run scripts/gpu/build-bundle.sh first" >&2
fi
if [ "$rehearse" = 1 ]; then
  # A rehearsal proves the bundle runs its ILGPU kernels from the single file; rmsnorm alone keeps it short.
  step check 150 "$normlab" check --backend ilgpu-cpu --version all --quick --variants rmsnorm --json "$out/check-cuda.json"
else
  step check 100 "$normlab" check --backend cuda --version all --quick --json "$out/check-cuda.json"
fi

if [ -z "$python" ]; then
  skip torch-norms "no python with torch"
elif [ "$rehearse" = 1 ]; then
  # The rehearsal bench's shapes (GpuKernelBench.RehearsalRows/Widths), so its PyTorch anchors join.
  step torch-norms 60 "$python" scripts/gpu/torch_norms.py "$out/torch-norms.json" --rows 8 --d 33,1032 --variants rmsnorm,layernorm --compile-budget-s 20
else
  step torch-norms 110 "$python" scripts/gpu/torch_norms.py "$out/torch-norms.json" --compile-budget-s 60
fi

torch_file=(); [ -s "$out/torch-norms.json" ] && torch_file=(--torch "$out/torch-norms.json")
if [ "$rehearse" = 1 ]; then
  # The same harness on the CPU accelerator: every version checked, then timed (times say nothing about a GPU).
  step bench-kernels 90 "$normlab" bench kernels --backend ilgpu-cpu --variants rmsnorm,layernorm --dtype float32 "${torch_file[@]}" --json "$out/bench-gpu.json"
elif [ "$has_cuda" = 1 ]; then
  step bench-kernels 90 "$normlab" bench kernels --backend cuda "${torch_file[@]}" --json "$out/bench-gpu.json"
else
  skip bench-kernels "needs a CUDA device (bench kernels --backend cuda)"
fi

if [ "$rehearse" = 1 ]; then
  step export-forms 60 "$normlab" export-forms --out "$out/forms" --shapes tiny --dtype f16
else
  # f16 storage halves what is written (GPT-2-small and 24 x 1024, four forms each: ~3.3 GB instead of ~6.5 GB).
  step export-forms 110 "$normlab" export-forms --out "$out/forms" --dtype f16
fi

if [ -z "$python" ]; then
  skip torch-forms "no python with torch"
elif [ ! -s "$out/forms/index.json" ]; then
  skip torch-forms "export-forms wrote no index.json"
else
  step torch-forms 90 "$python" scripts/gpu/torch_forms.py "$out/forms" "$out/torch-forms.json"
fi

# Only JSON and text come back: the weights and references are regenerated by export-forms at will.
rm -f "$out"/forms/*.safetensors
total=$(( $(date +%s) - start ))
echo "total: ${total} s (budget ${budget} s)" | tee -a "$out/versions.txt"
column -t -s $'\t' "$out/steps.tsv" 2> /dev/null || cat "$out/steps.tsv"
# Exit 0 when every step that ran exited 0.
! awk -F'\t' 'NR > 1 && $2 != "0" && $2 != "skipped" { bad = 1 } END { exit !bad }' "$out/steps.tsv"
