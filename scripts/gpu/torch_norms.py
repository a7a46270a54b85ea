#!/usr/bin/env python3
"""PyTorch eager layer_norm / rms_norm on the GPU benchmark's shapes, timed with CUDA events.

Writes a JSON array of {variant, dtype, rows, d, ms, gbps} (gbps counts read x + write y, as the
normlab kernels do) to the path given (default: stdout)."""
import json
import sys

import torch
import torch.nn.functional as F


def time_ms(fn, warmup=3, batch=20, trials=7):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(trials):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        for _ in range(batch):
            fn()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end) / batch)
    return sorted(times)[len(times) // 2]


def main():
    rows_list, widths = [4096, 32768], [768, 4096, 8192]
    dtypes = {"float32": torch.float32, "float16": torch.float16}
    out = []
    for name, dt in dtypes.items():
        for rows in rows_list:
            for d in widths:
                x = torch.randn(rows, d, device="cuda", dtype=dt)
                g = torch.randn(d, device="cuda", dtype=dt)
                b = torch.randn(d, device="cuda", dtype=dt)
                for variant, fn in (("layernorm", lambda: F.layer_norm(x, (d,), g, b, 1e-5)),
                                    ("rmsnorm", lambda: F.rms_norm(x, (d,), g, 1e-5))):
                    ms = time_ms(fn)
                    gbps = 2 * x.numel() * x.element_size() / (ms * 1e6)
                    out.append({"variant": variant, "dtype": name, "rows": rows, "d": d, "ms": ms, "gbps": gbps})
    meta = {"gpu": torch.cuda.get_device_name(), "torch": torch.__version__, "cuda": torch.version.cuda}
    print(json.dumps(meta), file=sys.stderr)
    text = json.dumps(out, indent=1)
    if len(sys.argv) > 1:
        open(sys.argv[1], "w").write(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
