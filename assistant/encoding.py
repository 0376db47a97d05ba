"""Embedding many chunks at once with sentence-transformers, keeping a GPU busy.

`SentenceTransformer.encode` tokenizes each batch, copies it to the device, runs it and
copies the vectors back before it starts on the next one, so on a GPU most of the time
goes to that serial CPU work rather than the model (about 3,000 chunks/s for
all-MiniLM-L6-v2 on an H100, fp16 no faster than fp32). Here one thread tokenizes
batches ahead (the Rust tokenizer works in parallel outside the GIL) into pinned memory,
the copies to the GPU are asynchronous, the vectors stay on the device until the end,
and batches are sorted by length so little padding is computed. On the CPU the same
loop gives the same vectors as `encode`.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

# Batches tokenized ahead of the one on the device: enough to hide tokenizing behind a
# GPU batch, few enough that pinned memory stays small.
_AHEAD = 4


def encode(model: Any, texts: list[str], batch_size: int) -> np.ndarray:
    """Unit-length embeddings of `texts` (float32, in input order) from a
    sentence-transformers model, as `model.encode(..., normalize_embeddings=True)`."""
    import torch

    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    device = model.device
    on_gpu = device.type == "cuda"
    # Longest first, like sentence-transformers: running out of memory shows at once.
    order = np.argsort([-len(t) for t in texts], kind="stable")
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]

    def tokenize(idx: np.ndarray) -> dict[str, Any]:
        features = model.preprocess([texts[i] for i in idx])
        if on_gpu:
            features = {k: v.pin_memory() if isinstance(v, torch.Tensor) else v
                        for k, v in features.items()}
        return features

    model.eval()
    out: torch.Tensor | None = None
    # One tokenizing thread: a fast tokenizer shared between threads can fail with
    # "Already borrowed", and its batch encoding is already parallel.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tokenize") as pool, \
            torch.inference_mode():
        ahead = deque(pool.submit(tokenize, b) for b in batches[:_AHEAD])
        for n, idx in enumerate(batches):
            features = ahead.popleft().result()
            if n + _AHEAD < len(batches):
                ahead.append(pool.submit(tokenize, batches[n + _AHEAD]))
            features = {k: v.to(device, non_blocking=True) if isinstance(v, torch.Tensor) else v
                        for k, v in features.items()}
            vectors = model(features)["sentence_embedding"].float()
            vectors = torch.nn.functional.normalize(vectors, p=2, dim=1)
            if out is None:
                out = torch.empty((len(texts), vectors.shape[1]), dtype=torch.float32,
                                  device=device)
            out[torch.as_tensor(idx, device=device)] = vectors
    assert out is not None
    return out.cpu().numpy()  # the one device-to-host copy, and the one sync
