"""`build_index()`: bring the index in line with the corpus folder, stage by stage.

| stage | module | in → out |
|---|---|---|
| plan | `plan.py` | files, manifest → `Plan` (work, unchanged, renamed, failed, duplicates) |
| read | `reading.py` | `Work` items → `Reads` (each report read in a limited process, chunked) |
| embed | `embed.py` | `Read`s → vectors on their chunks, in groups, overlapped with writing |
| write | `write.py` | a group → `Written` (pending mark, chunks, manifest commit, retirement) |
| publish | `publish.py` | manifest → BM25 index, a shared store's live list, ONNX export |
| summary | `summary.py` | the stages' outcomes → `IndexSummary` |
| progress | `progress.py` | tqdm bars or a callback |

`run.py` runs them in order under the index's lock. Reports are read several at once,
embedded in groups, and written by one writer thread while the model embeds the next
group. A crash at any point leaves the last committed versions fully queryable (queries
only see report versions in the manifest) and the next run sweeps what a crash left
half-written.
"""

from ..corpus import list_reports
from .plan import failure_key, plainness
from .progress import ProgressFn
from .run import build_index, resolve_settings

__all__ = ["ProgressFn", "build_index", "failure_key", "list_reports", "plainness",
           "resolve_settings"]
