#!/usr/bin/env bash
# Self-contained single-file linux-x64 `normlab` for the GPU machine (which has no .NET): artifacts/gpu/normlab.
# No trimming: ILGPU compiles kernels from IL by reflection, which trimming would break. Size comes down by
# compression and by leaving out native libraries the GPU commands never load (GpuBundle in
# lab/NormLab.Cli/NormLab.Cli.csproj). The device carries at most 64 MiB with the working tree, so the
# bundle must stay under 45 MiB: this script fails (exit 1) at or above that, and always prints the size.
set -euo pipefail
cd "$(dirname "$0")/../.."
limit=$((45 * 1024 * 1024))
rm -rf artifacts/gpu
dotnet publish lab/NormLab.Cli -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:PublishTrimmed=false \
  -p:IncludeNativeLibrariesForSelfExtract=true -p:GpuBundle=true -p:DebugType=none -nodeReuse:false \
  -o artifacts/gpu
size=$(stat -c %s artifacts/gpu/normlab)
mib=$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }')
echo "artifacts/gpu/normlab: $size bytes ($mib MiB; limit 45 MiB)"
if [ "$size" -ge "$limit" ]; then
  echo "bundle too large: $mib MiB >= 45 MiB (the device carries 64 MiB with the working tree)" >&2
  exit 1
fi
