"""Exit 1 when the installed llama-cpp-python dies on this CPU ("Illegal instruction").

A wheel from pip's wheel cache may have been built elsewhere with llama.cpp's native
flags, and even a native build can use instructions that the CPU advertises but the
machine will not run (AMX tiles inside some virtual machines and sandboxes). Flags cannot
tell, so this generates one token with the bundled GGUF in a child process and looks at
how the child ended.
"""

from __future__ import annotations

import signal
import subprocess
import sys

PROBE = """
from llama_cpp import Llama
from assistant.answering.llm import bundled_gguf
Llama(model_path=str(bundled_gguf()), n_ctx=64, verbose=False)("Hello", max_tokens=1)
"""


def main() -> int:
    try:
        import llama_cpp  # noqa: F401
    except ImportError:  # the LLM extra is not installed: nothing to check
        return 0
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, timeout=300)
    if run.returncode == -signal.SIGILL:
        print("llama-cpp-python uses instructions this machine does not run", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
