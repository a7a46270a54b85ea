#!/usr/bin/env bash
# Self-contained single-file linux-x64 `normlab` for the GPU machine (which has no .NET).
# No trimming: ILGPU compiles kernels from IL by reflection, which trimming would break.
# Compression, and leaving out the CPU-only native libraries (GpuBundle: ONNX Runtime, SkiaSharp), keep it
# small enough to carry with the working tree (64 MiB in all). Output: artifacts/gpu/normlab
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet publish lab/NormLab.Cli -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:PublishTrimmed=false \
  -p:IncludeNativeLibrariesForSelfExtract=true -p:GpuBundle=true -p:DebugType=none -nodeReuse:false \
  -o artifacts/gpu
ls -l artifacts/gpu/normlab
du -sh artifacts/gpu
