"""The package's layers: what an import pulls in."""

import subprocess
import sys


def test_importing_the_package_loads_no_heavy_library():
    code = ("import sys, assistant; assistant.Settings; assistant.Answer; "
            "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('torch', 'chromadb', 'llama_index', 'pypdfium2', 'docx') "
            "or m in ('assistant.indexing', 'assistant.readers', 'assistant.answering'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_the_query_path_does_not_import_the_indexer_or_the_readers():
    code = ("import sys, assistant.answering, assistant.components, assistant.retrieval, "
            "assistant.hybrid; print(' '.join(m for m in ('assistant.indexing', "
            "'assistant.readers', 'assistant.ui') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
