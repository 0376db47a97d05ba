#!/usr/bin/env bash
# Set up everything the assistant needs on a fresh Debian machine, idempotently.
#   scripts/setup.sh          the chat: .venv with the package, Tesseract for OCR
#   scripts/setup.sh --test   also the test tools, the LLM server and Chromium
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

apt_install() {
    local missing=()
    for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
    ((${#missing[@]})) || return 0
    local sudo=""
    [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null && sudo="sudo"
    if ! { $sudo apt-get update -qq && \
           DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
        echo "setup: could not apt-get install ${missing[*]}; continuing without them" >&2
    fi
}

# Tesseract language packs: Urdu and Russian (reports from the region mix them with
# English), and any other language of the OCR setting (ASSISTANT_OCR_LANGUAGE, from the
# environment or .env, e.g. eng+urd+fas): Debian names them tesseract-ocr-urd and so on.
ocr_langs=${ASSISTANT_OCR_LANGUAGE:-}
if [[ -z "$ocr_langs" && -f .env ]]; then
    ocr_langs=$(sed -n 's/^ASSISTANT_OCR_LANGUAGE=["'"'"']\{0,1\}\([^"'"'"']*\).*/\1/p' .env | tail -1)
fi
tess_pkgs=(tesseract-ocr tesseract-ocr-urd tesseract-ocr-rus)
for lang in ${ocr_langs//[+,]/ }; do
    pkg="tesseract-ocr-$(echo "$lang" | tr 'A-Z_' 'a-z-')"
    [[ "$lang" == eng || "$lang" == osd || " ${tess_pkgs[*]} " == *" $pkg "* ]] && continue
    if command -v apt-cache >/dev/null && apt-cache show "$pkg" >/dev/null 2>&1; then
        tess_pkgs+=("$pkg")
    else
        echo "setup: no Debian package $pkg for OCR language '$lang'; it will be skipped" >&2
    fi
done

if command -v apt-get >/dev/null; then
    if ((want_test)); then
        apt_install "${tess_pkgs[@]}" chromium
    else
        apt_install "${tess_pkgs[@]}"
    fi
fi

PY=${PYTHON:-python3}
[[ -x .venv/bin/python ]] || "$PY" -m venv .venv
VPY=.venv/bin/python

# A stamp of what was installed, so that a second run takes a second.
extras=""; ((want_test)) && extras="[test,llm]"
stamp=".venv/.setup-$(sha256sum pyproject.toml | cut -c1-12)-${want_test}"
if [[ ! -f "$stamp" ]]; then
    $VPY -m pip install -q --upgrade pip
    # The CPU build of torch first: an unpinned torch would pull a multi-GB CUDA build.
    $VPY -m pip install -q "torch==2.13.0"
    # llama-cpp-python compiles from source (~15 min on 2 cores) the first time; pip's
    # wheel cache makes later installs fast. Not for this CPU's every feature
    # (GGML_NATIVE=OFF): some machines advertise instructions they will not run.
    CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF}" CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) \
        $VPY -m pip install -q -e ".${extras}"
    touch "$stamp"
fi

# A llama-cpp-python wheel from pip's cache may have been built on another machine for
# instructions this one does not run ("Illegal instruction" on the first token): then it
# is built again here, for any x86-64 CPU with AVX2.
if ((want_test)) && ! $VPY scripts/llama_cpu_check.py; then
    echo "setup: rebuilding llama-cpp-python for this machine (5-15 min)" >&2
    version=$($VPY -c 'import importlib.metadata as m; print(m.version("llama_cpp_python"))')
    CMAKE_ARGS="-DGGML_NATIVE=OFF" CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) $VPY -m pip install -q \
        --no-cache-dir --force-reinstall --no-deps "llama-cpp-python==$version"
fi
