#!/usr/bin/env python3
"""The exported model forms (normlab export-forms) in plain PyTorch: check each against the lab, then time it.

Usage: torch_forms.py FORMS_DIR [OUT.json] [--device auto|cuda|cpu] [--dtypes float16,bfloat16]
                      [--prefill 1x1024,8x1024] [--decode 1x1023,8x1023] [--rounds 7] [--calls 5]

1. Every FORM.json in FORMS_DIR/index.json is read with its FORM.safetensors (own reader: no safetensors
   package needed) and the forward below is run in float32 on the reference tokens; its logits must match
   the lab's float64 logits (FORM.reference.safetensors) to 1e-3 of their largest magnitude (float32 through
   24 layers is ~1e-5; a wrong form is off by O(1)). A form that fails is reported and not timed.
2. Each passing form is timed in float16 and bfloat16: prefill (batch x seq tokens from an empty cache) and
   one decode step (batch x 1 token over a KV cache of the given length), with CUDA events (perf_counter on
   the CPU), warm-up, then `rounds` rounds in which every form runs `calls` calls in turn (rotating who goes
   first), so drift on the machine hits all forms alike. ms = median over rounds of one call, [msMin, msMax]
   the range; ratio = ms / Pre-LN's ms for the same shape, dtype, phase and batch (< 1: faster than Pre-LN).

The forward follows lab/NormLab.Models/Forward and ../../shared/SPEC.md: token + learned position
embeddings; per block x += attn(N(x)), x += mlp(N(x)); final N; logits = z·Eᵀ (tied) or head. N is the
description's norm (layernorm, rmsnorm, or crmsnorm on the d − 1 stream: rms = sqrt((Σx² + (Σx)²)/d + eps)),
with the site's gain/bias when the file has them (the lab's RMS forms have theirs folded into the readers).
FlashNorm ("deferred"): nothing is normalized; each reader computes (x·W*ᵀ)·(1/rms(x)) + b*.
"""
import argparse
import datetime
import json
import math
import os
import statistics
import struct
import subprocess
import sys
import time

import torch
import torch.nn.functional as F

STORED = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}
COMPUTE = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}
CHECK_TOLERANCE = 1e-3


def read_safetensors(path):
    """name -> tensor: an 8-byte little-endian header length, a JSON header, then the raw little-endian data."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = bytearray(f.read())
    tensors = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        begin, end = e["data_offsets"]
        dt = STORED[e["dtype"]]
        t = torch.frombuffer(data, dtype=dt, count=(end - begin) // torch.empty((), dtype=dt).element_size(), offset=begin)
        tensors[name] = t.reshape(e["shape"])
    return tensors


class Form:
    """One exported form: its description and its weights, cast once to a compute dtype on a device."""

    def __init__(self, folder, description_file):
        with open(os.path.join(folder, description_file)) as f:
            self.desc = json.load(f)
        c = self.desc
        if c["config"].get("placement", "Pre") != "Pre" or c["config"].get("layerScaling") or c["config"].get("rotary"):
            raise ValueError(f"{description_file}: only pre-norm GPT-2-style forms are implemented here")
        self.name, self.shape = c["form"], c["shape"]
        self.raw = read_safetensors(os.path.join(folder, c["file"]))
        self.reference = read_safetensors(os.path.join(folder, c["referenceFile"]))["logits"]
        self.w = {}

    def to(self, device, dtype):
        self.w = {k: v.to(device=device, dtype=dtype) for k, v in self.raw.items()}
        return self

    def get(self, name):
        return self.w.get(name)

    # --- the pieces of the forward -------------------------------------------------------------------
    def stats_inv_rms(self, x):
        """1/rms per row in float32: RMSNorm's mean of squares, or CRMSNorm's (Σx² + (Σx)²)/d on the d − 1 stream."""
        c, xf = self.desc, x.float()
        if c["norm"] == "crmsnorm":
            s = xf.sum(-1, keepdim=True)
            return torch.rsqrt((xf.pow(2).sum(-1, keepdim=True) + s * s) / c["d"] + c["eps"])
        return torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + c["eps"])

    def norm_input(self, x, site, eps):
        """(input to the readers, per-row scale the readers apply after their matmul, or None)."""
        c = self.desc
        if c["deferred"]:
            return x, self.stats_inv_rms(x).to(x.dtype)
        g, b = self.get(site + ".weight"), self.get(site + ".bias")
        if c["norm"] == "layernorm":
            return F.layer_norm(x, (x.shape[-1],), g, b, eps), None
        y = (x.float() * self.stats_inv_rms(x)).to(x.dtype)
        if g is not None:
            y = y * g
        if b is not None:
            y = y + b
        return y, None

    def linear(self, x, module, scale=None, weight=None):
        w = weight if weight is not None else self.w[module + ".weight"]
        y = x @ w.t()
        if scale is not None:
            y = y * scale
        b = self.get(module + ".bias")
        return y + b if b is not None else y

    def mlp(self, x, i, scale):
        kind = self.desc["mlp"]
        up = self.linear(x, f"blocks.{i}.mlp.up", scale)
        if kind == "swiGlu":
            h = F.silu(self.linear(x, f"blocks.{i}.mlp.gate", scale)) * up
        elif kind == "geluTanh":
            h = F.gelu(up, approximate="tanh")
        elif kind == "geluErf":
            h = F.gelu(up)
        elif kind == "silu":
            h = F.silu(up)
        else:
            h = F.relu(up)
        return self.linear(h, f"blocks.{i}.mlp.down")

    def qkv(self, x, i, scale):
        c = self.desc
        if c["fusedQkv"]:
            qd = c["heads"] * c["headDim"]
            qkv = self.linear(x, f"blocks.{i}.attn.qkv", scale)
            kvd = (qkv.shape[-1] - qd) // 2
            return qkv.split([qd, kvd, kvd], dim=-1)
        return tuple(self.linear(x, f"blocks.{i}.attn.{m}", scale) for m in "qkv")

    def forward(self, tokens, cache=None, start=0):
        """Logits for tokens [B, T] at positions start..start+T−1. cache: per layer (K, V) [B, H, maxlen, hd],
        filled at those positions; attention reads positions 0..start+T−1 (causal within the new tokens)."""
        c = self.desc
        B, T = tokens.shape
        H, hd = c["heads"], c["headDim"]
        x = self.w["embed.tokens"][tokens]
        if c["learnedPositions"]:
            x = x + self.w["embed.positions"][start:start + T]
        for i in range(c["layers"]):
            a, s = self.norm_input(x, f"blocks.{i}.attn_norm", c["eps"])
            q, k, v = (t.reshape(B, T, -1, hd).transpose(1, 2) for t in self.qkv(a, i, s))
            if cache is not None:
                K, V = cache[i]
                K[:, :, start:start + T] = k
                V[:, :, start:start + T] = v
                k, v = K[:, :, :start + T], V[:, :, :start + T]
            o = attention(q, k, v, causal=c["causal"] and T > 1, offset=start)
            x = x + self.linear(o.transpose(1, 2).reshape(B, T, H * hd), f"blocks.{i}.attn.o")
            m, s = self.norm_input(x, f"blocks.{i}.mlp_norm", c["eps"])
            x = x + self.mlp(m, i, s)
        z, s = self.norm_input(x, "final_norm", c["finalEps"])
        head = self.w["embed.tokens"] if c["tiedHead"] else self.w["head.weight"]
        return self.linear(z, "head", s, weight=head)

    def empty_cache(self, batch, length, device, dtype):
        c = self.desc
        kv_heads = c["config"].get("kvHeads", c["heads"])
        return [(torch.zeros(batch, kv_heads, length, c["headDim"], device=device, dtype=dtype),
                 torch.zeros(batch, kv_heads, length, c["headDim"], device=device, dtype=dtype)) for _ in range(c["layers"])]


def attention(q, k, v, causal, offset):
    """Scaled dot-product attention; new query t sees keys 0..offset+t. Grouped KV heads are repeated."""
    if k.shape[1] != q.shape[1]:
        k = k.repeat_interleave(q.shape[1] // k.shape[1], dim=1)
        v = v.repeat_interleave(q.shape[1] // v.shape[1], dim=1)
    if hasattr(F, "scaled_dot_product_attention") and (offset == 0 or not causal):
        return F.scaled_dot_product_attention(q, k, v, is_causal=causal)
    scores = (q @ k.transpose(-1, -2)) / math.sqrt(q.shape[-1])
    if causal:
        T, S = q.shape[-2], k.shape[-2]
        mask = torch.ones(T, S, dtype=torch.bool, device=q.device).tril(diagonal=S - T)
        scores = scores.masked_fill(~mask, float("-inf"))
    return torch.softmax(scores.float(), dim=-1).to(q.dtype) @ v


def check(form, device):
    """float32 forward on the reference tokens vs the lab's float64 logits."""
    form.to(device, torch.float32)
    tokens = torch.tensor([form.desc["referenceTokens"]], device=device)
    with torch.no_grad():
        logits = form.forward(tokens)[0].double().cpu()
    ref = form.reference.double()
    scale = ref.abs().max().item()
    max_abs = (logits - ref).abs().max().item()
    ok = math.isfinite(max_abs) and max_abs <= CHECK_TOLERANCE * scale
    return {"shape": form.shape, "form": form.name, "maxAbs": max_abs, "maxRel": max_abs / scale if scale else None,
            "scale": scale, "tolerance": CHECK_TOLERANCE, "pass": ok}


class Clock:
    def __init__(self, device):
        self.cuda = device.type == "cuda"

    def sync(self):
        if self.cuda:
            torch.cuda.synchronize()

    def calls_ms(self, fn, calls):
        if self.cuda:
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            for _ in range(calls):
                fn()
            end.record()
            end.synchronize()
            return start.elapsed_time(end) / calls
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        return (time.perf_counter() - t0) * 1e3 / calls


def time_phase(forms, phase, batch, length, device, dtype, clock, rounds, calls, warmup):
    """ms per call for each form, interleaved: rounds × (every form, rotating the first)."""
    vocab = forms[0].desc["vocab"]
    gen = torch.Generator(device="cpu").manual_seed(20240601 + batch * 7 + length)
    runs = []
    for f in forms:
        if phase == "prefill":
            tokens = torch.randint(0, vocab, (batch, length), generator=gen).to(device)
            runs.append(lambda f=f, t=tokens: f.forward(t))
        else:
            # The cache is filled once by a prefill of `length` tokens; each timed step writes the same
            # slot (position `length`) again, so every call sees a cache of exactly that length.
            cache = f.empty_cache(batch, length + 1, device, dtype)
            prompt = torch.randint(0, vocab, (batch, length), generator=gen).to(device)
            f.forward(prompt, cache, 0)
            step = torch.randint(0, vocab, (batch, 1), generator=gen).to(device)
            runs.append(lambda f=f, c=cache, t=step: f.forward(t, c, length))
    for run in runs:
        for _ in range(warmup):
            run()
    clock.sync()
    times = [[] for _ in forms]
    for r in range(rounds):
        for j in range(len(forms)):
            k = (j + r) % len(forms)
            times[k].append(clock.calls_ms(runs[k], calls))
    return times


def machine(device):
    meta = {"torch": torch.__version__, "cuda": torch.version.cuda, "device": device.type, "python": sys.version.split()[0],
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
    if device.type == "cuda":
        meta["gpu"] = torch.cuda.get_device_name(device)
        try:
            meta["driver"] = subprocess.run(["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
                                            capture_output=True, text=True, timeout=20).stdout.strip() or None
        except (OSError, subprocess.SubprocessError):
            meta["driver"] = None
    return meta


def shapes_arg(text):
    """"1x1024,8x1024" -> [(1, 1024), (8, 1024)]."""
    out = []
    for part in filter(None, text.split(",")):
        b, n = part.lower().split("x")
        out.append((int(b), int(n)))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("forms", help="the folder normlab export-forms wrote")
    ap.add_argument("out", nargs="?", help="JSON file to write (default: stdout)")
    ap.add_argument("--device", default="auto", choices=["auto", "cuda", "cpu"])
    ap.add_argument("--dtypes", default="float16,bfloat16")
    ap.add_argument("--prefill", type=shapes_arg, default=None, help="batch x seq list (GPU default 1x1024,8x1024; CPU 1x32)")
    ap.add_argument("--decode", type=shapes_arg, default=None, help="batch x cache-length list (GPU default 1x1023,8x1023; CPU 1x31)")
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--calls", type=int, default=None)
    a = ap.parse_args(argv)
    device = torch.device("cuda" if a.device == "auto" and torch.cuda.is_available() else ("cpu" if a.device == "auto" else a.device))
    gpu = device.type == "cuda"
    if gpu:
        # The check is a float32 check: TF32 matmuls would round inputs to 10 mantissa bits.
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    prefill = a.prefill or ([(1, 1024), (8, 1024)] if gpu else [(1, 32)])
    decode = a.decode or ([(1, 1023), (8, 1023)] if gpu else [(1, 31)])
    rounds, calls, warmup = a.rounds or (7 if gpu else 3), a.calls or (5 if gpu else 1), 3 if gpu else 1
    with open(os.path.join(a.forms, "index.json")) as f:
        index = json.load(f)
    forms = [Form(a.forms, name) for name in index["forms"]]
    started = time.monotonic()
    checks, rows, refusals = [], [], []
    with torch.no_grad():
        for f in forms:
            result = check(f, device)
            checks.append(result)
            print(f"check {f.shape} {f.name}: max abs {result['maxAbs']:.3e}, rel {result['maxRel']:.3e} "
                  f"(tolerance {CHECK_TOLERANCE:g} of {result['scale']:.3g}) {'ok' if result['pass'] else 'FAIL: not timed'}", file=sys.stderr)
        passing = [f for f, r in zip(forms, checks) if r["pass"]]
        for shape in dict.fromkeys(f.shape for f in passing):
            group = [f for f in passing if f.shape == shape]
            for dname in a.dtypes.split(","):
                dtype = COMPUTE[dname]
                for f in group:
                    f.to(device, dtype)
                for phase, sizes in (("prefill", prefill), ("decode", decode)):
                    for batch, length in sizes:
                        if length + (phase == "decode") > group[0].desc["maxSeq"]:
                            refusals.append({"shape": shape, "dtype": dname, "phase": phase, "batch": batch,
                                             "reason": f"{length} positions exceed maxSeq {group[0].desc['maxSeq']}"})
                            continue
                        try:
                            times = time_phase(group, phase, batch, length, device, dtype, Clock(device), rounds, calls, warmup)
                        except Exception as e:  # a dtype the device lacks is a refusal, recorded
                            refusals.append({"shape": shape, "dtype": dname, "phase": phase, "batch": batch,
                                             "reason": f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"[:300]})
                            continue
                        base = next((statistics.median(t) for f, t in zip(group, times) if f.name == "Pre-LN"), None)
                        for f, t in zip(group, times):
                            ms = statistics.median(t)
                            row = {"shape": shape, "form": f.name, "dtype": dname, "phase": phase, "batch": batch,
                                   "tokens": length if phase == "prefill" else 1, "cache": 0 if phase == "prefill" else length,
                                   "ms": ms, "msMin": min(t), "msMax": max(t), "ratio": ms / base if base else None}
                            rows.append(row)
                            print(f"{shape:12} {f.name:13} {dname:9} {phase:7} b{batch} x {length:5} {ms:9.3f} ms "
                                  f"[{min(t):.3f}-{max(t):.3f}] ratio {row['ratio'] if base else float('nan'):.3f}", file=sys.stderr)
                for f in group:
                    f.w = {}
                if gpu:
                    torch.cuda.empty_cache()
    meta = machine(device)
    meta.update(seconds=round(time.monotonic() - started, 1), rounds=rounds, calls=calls, warmup=warmup,
                storedDtype=index.get("dtype"), checkTolerance=CHECK_TOLERANCE)
    text = json.dumps({"meta": meta, "checks": checks, "rows": rows, "refusals": refusals}, indent=1)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    else:
        print(text)
    failed = sum(not c["pass"] for c in checks)
    print(f"{len(checks)} forms checked, {failed} failed; {len(rows)} timings, {len(refusals)} refused; {meta['seconds']} s", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
