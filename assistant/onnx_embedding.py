"""The embedding model through ONNX Runtime, without torch.

`export()` turns the sentence-transformers model (a local path, e.g. the bundled
all-MiniLM-L6-v2) into `model.onnx` with torch.onnx, plus a dynamically quantised
`model-int8.onnx` (per-channel int8 weights). `OnnxEmbedding` then embeds with
onnxruntime and the `tokenizers` library: the fp32 file gives the same vectors as torch
and spares a query process the seconds of importing torch and sentence-transformers.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length


def export(model_path: str, target: Path) -> Path:
    """Export once; a finished export is marked by `ready`, so a killed export is redone."""
    if (target / "ready").exists():
        return target
    import torch
    from transformers import AutoModel

    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    bert = AutoModel.from_pretrained(model_path).eval()
    import logging

    # The exporter and the quantiser talk a lot about internals, and onnxruntime's
    # quantisation module even installs a root log handler on import; put logging back
    # as it was afterwards so nothing else starts printing debug lines.
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    root.setLevel(logging.ERROR)
    try:
        _export_files(tmp, torch, bert)
        shutil.copy(Path(model_path) / "tokenizer.json", tmp / "tokenizer.json")
        (tmp / "ready").write_text(json.dumps({"model": str(model_path)}))
    except BaseException:
        # A failed export (a full disk) must not leave 90 MB behind on the index's disk.
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target


def _export_files(tmp: Path, torch: Any, bert: Any) -> None:
    import warnings

    class _Hidden(torch.nn.Module):
        # Positional inputs and one tensor out: what the TorchScript exporter handles.
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    sample = {
        "input_ids": torch.ones(2, 16, dtype=torch.long),
        "attention_mask": torch.ones(2, 16, dtype=torch.long),
        "token_type_ids": torch.zeros(2, 16, dtype=torch.long),
    }
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Hidden(), tuple(sample.values()), str(tmp / "model.onnx"),
            input_names=list(sample), output_names=["last_hidden_state"],
            dynamic_axes={**dict.fromkeys(sample, axes), "last_hidden_state": axes},
            opset_version=17, dynamo=False,
        )
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(tmp / "model.onnx"), str(tmp / "model-int8.onnx"),
                     weight_type=QuantType.QInt8, per_channel=True)


class OnnxEmbedding(BaseEmbedding):
    """A llama-index embedding: mean-pooled, normalised token vectors from ONNX Runtime."""

    _session: Any = PrivateAttr()
    _tokenizer: Any = PrivateAttr()

    def __init__(self, folder: Path, *, int8: bool = False, embed_batch_size: int = 32,
                 threads: int = 0, **kwargs: Any):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        name = "model-int8.onnx" if int8 else "model.onnx"
        super().__init__(model_name=f"onnx:{folder.name}/{name}",
                         embed_batch_size=embed_batch_size, **kwargs)
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self._session = ort.InferenceSession(str(folder / name), options,
                                             providers=["CPUExecutionProvider"])
        tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tok.enable_truncation(MAX_TOKENS)
        tok.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tok

    @classmethod
    def class_name(cls) -> str:
        return "OnnxEmbedding"

    def _encode(self, texts: list[str]) -> list[list[float]]:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        (hidden,) = self._session.run(None, {
            "input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids),
        })
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(1) / np.clip(weights.sum(1), 1e-9, None)
        pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return pooled.tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([query])[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)
