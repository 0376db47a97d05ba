#!/usr/bin/env bash
# On the GPU machine, after every .gpu/part-* has been carried there (bench/gpu/README.md):
# unpack the wheels and reports, then run the ingestion benchmark on a synthetic corpus.
set -euo pipefail
cat .gpu/part-* | tar -C .gpu -xf -
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
    --target /tmp/site .gpu/stage/wheels/*.whl
export PYTHONPATH=/tmp/site:$PWD HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=true
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
python3 bench/ingest.py --corpus .gpu/stage/eval-corpus --copies "${COPIES:-20}" --no-onnx \
    2>&1 | grep -v "Loading weights" | tee "${OUT:-/tmp}/ingest-gpu.txt"
