"""The dense part of a snapshot: a FAISS inner-product index over unit vectors.

Exact search (IndexFlatIP) up to a size where it stays fast; HNSW beyond it. Row i of
the index is chunk row i of the store, so no id map is needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

HNSW_M = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 128


def build_index(vectors: np.ndarray, exact_max: int) -> Any:
    import faiss

    index: Any
    dimension = vectors.shape[1]
    if len(vectors) <= exact_max:
        index = faiss.IndexFlatIP(dimension)
    else:
        index = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def save_index(index: Any, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def load_index(path: Path, mmap: bool = True) -> Any:
    """The index of ``path``; with ``mmap`` its vectors and HNSW links are mapped from the file, not copied.

    ``IO_FLAG_MMAP_IFC`` covers IndexFlatCodes (IndexFlatIP) and HNSW (storage and neighbour lists) in
    faiss >= 1.11; ``IO_FLAG_MMAP`` is the IVF on-disk inverted-list flag and does not apply. The map is
    read-only (PROT_READ): the index must not be added to, and the pages belong to the page cache.
    """
    import faiss

    flags = faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY if mmap else 0
    index = faiss.read_index(str(path), flags)
    if hasattr(index, "hnsw"):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def vectors_of(index: Any) -> np.ndarray:
    """The stored vectors as a read-only zero-copy (n, d) view, for reuse and exact filtered search.

    The view does not own its memory: the caller must keep ``index`` alive while using it. It is
    read-only because a memory-mapped index is mapped PROT_READ (a write would be a segfault).
    """
    import faiss

    flat: Any = faiss.downcast_index(index.storage) if hasattr(index, "storage") else index
    if flat.ntotal == 0:
        return np.zeros((0, index.d), dtype=np.float32)
    codes = faiss.vector_to_array(flat.codes) if not hasattr(flat, "get_xb") else None
    if codes is not None:
        view = codes.view(np.float32).reshape(flat.ntotal, index.d)
    else:
        view = faiss.rev_swig_ptr(flat.get_xb(), flat.ntotal * index.d).reshape(flat.ntotal, index.d)
    view.flags.writeable = False
    return view
