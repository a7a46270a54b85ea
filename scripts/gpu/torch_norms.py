#!/usr/bin/env python3
"""PyTorch anchors for the lab's norm kernels: eager and torch.compile, float32/float16/bfloat16.

Usage: torch_norms.py [OUT.json] [--rows 4096,32768] [--d 768,4096,4097,8192] [--dtypes float32,float16,bfloat16]
                      [--modes eager,compile] [--device auto|cuda|cpu] [--compile-budget-s 150]

Writes {"meta": {...}, "rows": [{variant, dtype, rows, d, mode, ms, msMin, msMax}, ...]}: ms is the median
time of one call (CUDA events on a GPU, perf_counter on the CPU), msMin/msMax the fastest and slowest
trial. The C# side (`normlab bench kernels --torch`) computes GB/s from ms with its own byte counts, so
only times are written. Variants follow the lab's float64 references (lab/NormLab.Core/Reference):

  layernorm          LayerNorm, no gain/bias
  layernorm-affine   LayerNorm with gain and bias
  rmsnorm            RMSNorm with gain, no bias
  prmsnorm           gain; the rms over the first k = clamp(ceil(round(p*d, 9)), 1, d) elements, p = 0.0625
  crmsnorm           rows of d - 1 (the compressed stream), no gain; rms = sqrt((sum x^2 + (sum x)^2)/d + eps)
  layernorm-scaling  LayerNorm with gain and bias, times 1/sqrt(l), l = 4
  peri-ln-residual   h = residual + LayerNorm(x)*g + b
  prenorm-residual   h = x + residual; y = RMSNorm(h)*g; both are outputs

eps = 1e-5 everywhere (CheckCase.Eps). A mode that cannot run (no torch.compile in this torch, a dtype the
device's kernels lack, the compile time budget spent) is recorded in meta.refusals, never silently timed
as something else.
"""
import argparse
import datetime
import json
import math
import statistics
import sys
import time

import torch
import torch.nn.functional as F

EPS = 1e-5
P = 0.0625  # VariantParameters.PartialFraction
LAYER = 4  # VariantParameters.ScalingLayer
VARIANTS = ["layernorm", "layernorm-affine", "rmsnorm", "prmsnorm", "crmsnorm", "layernorm-scaling",
            "peri-ln-residual", "prenorm-residual"]
DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}


def partial_count(d, p=P):
    """RmsNormReference.PartialCount: rounding p*d to 9 places first keeps 0.0625*16 = 1 exactly 1."""
    return min(max(math.ceil(round(p * d, 9)), 1), d)


def rms_norm(x, g):
    """torch's own fused op where it exists (torch >= 2.4), else the textbook form in float32."""
    if hasattr(F, "rms_norm"):
        return F.rms_norm(x, (x.shape[-1],), g, EPS)
    xf = x.float()
    return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + EPS)).to(x.dtype) * g


def prms_norm(x, g, k):
    xf = x.float()
    inv = torch.rsqrt(xf[:, :k].pow(2).mean(-1, keepdim=True) + EPS)
    return (xf * inv).to(x.dtype) * g


def crms_norm(x, d):
    xf = x.float()
    s = xf.sum(-1, keepdim=True)
    sq = xf.pow(2).sum(-1, keepdim=True)
    return (xf * torch.rsqrt((sq + s * s) / d + EPS)).to(x.dtype)


def make(variant, rows, d, dt, device):
    """(function, arguments) for one variant and shape; the function takes tensors only, so torch.compile sees them as inputs."""
    gen = torch.Generator(device="cpu").manual_seed(rows * 100003 + d)

    def rand(*shape):
        return torch.randn(*shape, generator=gen).to(device=device, dtype=dt)

    x, g, b = rand(rows, d), 1 + 0.1 * rand(d), 0.1 * rand(d)
    scale = 1 / math.sqrt(LAYER)
    if variant == "layernorm":
        return (lambda x: F.layer_norm(x, (x.shape[-1],), None, None, EPS)), (x,)
    if variant == "layernorm-affine":
        return (lambda x, g, b: F.layer_norm(x, (x.shape[-1],), g, b, EPS)), (x, g, b)
    if variant == "rmsnorm":
        return rms_norm, (x, g)
    if variant == "prmsnorm":
        k = partial_count(d)
        return (lambda x, g: prms_norm(x, g, k)), (x, g)
    if variant == "crmsnorm":
        return (lambda x: crms_norm(x, d)), (rand(rows, d - 1),)
    if variant == "layernorm-scaling":
        return (lambda x, g, b: F.layer_norm(x, (x.shape[-1],), g, b, EPS) * scale), (x, g, b)
    if variant == "peri-ln-residual":
        return (lambda x, r, g, b: r + F.layer_norm(x, (x.shape[-1],), g, b, EPS)), (x, rand(rows, d), g, b)
    if variant == "prenorm-residual":
        def prenorm(x, r, g):
            h = x + r
            return h, rms_norm(h, g)
        return prenorm, (x, rand(rows, d), g)
    raise ValueError(variant)


class Clock:
    """Median and range of one call's time: warm-up, then trials of a batch of calls."""

    def __init__(self, device):
        self.cuda = device.type == "cuda"
        self.warmup, self.batch, self.trials = (3, 20, 7) if self.cuda else (1, 2, 3)

    def time_ms(self, fn, args):
        for _ in range(self.warmup):
            fn(*args)
        times = []
        if self.cuda:
            torch.cuda.synchronize()
            for _ in range(self.trials):
                start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                start.record()
                for _ in range(self.batch):
                    fn(*args)
                end.record()
                end.synchronize()
                times.append(start.elapsed_time(end) / self.batch)
        else:
            for _ in range(self.trials):
                t0 = time.perf_counter()
                for _ in range(self.batch):
                    fn(*args)
                times.append((time.perf_counter() - t0) * 1e3 / self.batch)
        return statistics.median(times), min(times), max(times)


def machine(device):
    meta = {"torch": torch.__version__, "cuda": torch.version.cuda, "device": device.type,
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "python": sys.version.split()[0], "eps": EPS, "p": P, "layer": LAYER,
            "rmsnorm": "F.rms_norm" if hasattr(F, "rms_norm") else "float32 x*rsqrt(mean(x^2)+eps)*g (no F.rms_norm in this torch)"}
    if device.type == "cuda":
        props = torch.cuda.get_device_properties(device)
        meta.update(gpu=props.name, memoryGiB=round(props.total_memory / 2**30, 1), capability=f"{props.major}.{props.minor}")
        try:
            import subprocess
            meta["driver"] = subprocess.run(["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
                                            capture_output=True, text=True, timeout=20).stdout.strip() or None
        except (OSError, subprocess.SubprocessError):
            meta["driver"] = None
    return meta


def parse_ints(text):
    return [int(v) for v in text.split(",") if v.strip()]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", help="JSON file to write (default: stdout)")
    ap.add_argument("--rows", type=parse_ints, default=[4096, 32768])
    ap.add_argument("--d", type=parse_ints, default=[768, 4096, 4097, 8192])
    ap.add_argument("--dtypes", default="float32,float16,bfloat16")
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--modes", default="eager,compile")
    ap.add_argument("--device", default="auto", choices=["auto", "cuda", "cpu"])
    ap.add_argument("--compile-budget-s", type=float, default=150.0,
                    help="stop compiling new shapes after this many seconds of the run (the rest recorded as refused)")
    a = ap.parse_args(argv)
    device = torch.device("cuda" if a.device == "auto" and torch.cuda.is_available() else ("cpu" if a.device == "auto" else a.device))
    unknown = [v for v in a.variants.split(",") if v not in VARIANTS] + [t for t in a.dtypes.split(",") if t not in DTYPES]
    if unknown:
        ap.error(f"unknown variant or dtype: {', '.join(unknown)} (variants: {', '.join(VARIANTS)}; dtypes: {', '.join(DTYPES)})")
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
    modes = a.modes.split(",")
    compile_ok = hasattr(torch, "compile")
    if "compile" in modes and compile_ok:
        import importlib
        # One compiled function serves every shape and dtype of a variant; past dynamo's default limit of 8
        # recompiles it would fall back to eager silently, and eager times would be labelled "compile".
        importlib.import_module("torch._dynamo").config.cache_size_limit = 1024
    clock = Clock(device)
    rows_out, refusals = [], []
    compiled = {}
    started = time.monotonic()
    for dname in a.dtypes.split(","):
        for rows in a.rows:
            for d in a.d:
                for variant in a.variants.split(","):
                    fn, args = make(variant, rows, d, DTYPES[dname], device)
                    for mode in modes:
                        key = dict(variant=variant, dtype=dname, rows=rows, d=d, mode=mode)
                        if mode == "compile":
                            if not compile_ok:
                                refusals.append({**key, "reason": f"torch {torch.__version__} has no torch.compile"})
                                continue
                            if time.monotonic() - started > a.compile_budget_s:
                                refusals.append({**key, "reason": f"compile budget of {a.compile_budget_s:.0f} s spent"})
                                continue
                            run = compiled.setdefault(variant, torch.compile(fn, dynamic=None))
                            # the closure differs per shape (k, d); a fresh compile keeps it exact
                            if variant in ("prmsnorm", "crmsnorm"):
                                run = torch.compile(fn, dynamic=False)
                        else:
                            run = fn
                        try:
                            ms, lo, hi = clock.time_ms(run, args)
                        except Exception as e:  # a refusal is data: which mode/dtype cannot run here, and why
                            refusals.append({**key, "reason": f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"[:300]})
                            continue
                        rows_out.append({**key, "ms": ms, "msMin": lo, "msMax": hi})
                        print(f"{variant:18} {dname:9} {rows:6} x {d:5} {mode:7} {ms:9.4f} ms [{lo:.4f}-{hi:.4f}]", file=sys.stderr)
                    del args
    meta = machine(device)
    meta.update(refusals=refusals, seconds=round(time.monotonic() - started, 1),
                warmup=clock.warmup, batch=clock.batch, trials=clock.trials)
    text = json.dumps({"meta": meta, "rows": rows_out}, indent=1)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    else:
        print(text)
    print(f"{len(rows_out)} timings, {len(refusals)} refused, {meta['seconds']} s on {meta.get('gpu', device.type)}", file=sys.stderr)


if __name__ == "__main__":
    main()
