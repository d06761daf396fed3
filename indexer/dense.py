"""The dense part of a snapshot: a FAISS inner-product index over unit vectors.

Exact search up to a size where it stays fast; HNSW beyond it. Row i of the index is chunk row
i of the store, so no id map is needed.

Vectors are stored as float16 (snapshot format v2; v1 stored float32 and is still read): half the
memory and disk, and FAISS's fp16 scan is no slower than its fp32 one here. A unit vector's
components round by at most 2^-11 relative, so a dot product moves by ~1e-4: recall@10 of the
fp16 index against fp32 exact search is measured by ``python -m bench.vector_storage``
(BENCHMARKS.md). Vectors are encoded in fp32 and only rounded when stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

HNSW_M = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 128
STORAGES = ("float16", "float32")
DEFAULT_STORAGE = "float16"


def build_index(vectors: np.ndarray, exact_max: int, storage: str = DEFAULT_STORAGE) -> Any:
    """Exact (flat) up to ``exact_max`` vectors, HNSW beyond; vectors stored as ``storage``."""
    import faiss

    if storage not in STORAGES:
        raise ValueError(f"storage must be one of {STORAGES}, not {storage!r}")
    index: Any
    dimension = vectors.shape[1]
    fp16 = faiss.ScalarQuantizer.QT_fp16
    exact = len(vectors) <= exact_max
    if storage == "float32":
        ip = faiss.METRIC_INNER_PRODUCT
        index = faiss.IndexFlatIP(dimension) if exact else faiss.IndexHNSWFlat(dimension, HNSW_M, ip)
    elif exact:
        index = faiss.IndexScalarQuantizer(dimension, fp16, faiss.METRIC_INNER_PRODUCT)
    else:
        index = faiss.IndexHNSWSQ(dimension, fp16, HNSW_M, faiss.METRIC_INNER_PRODUCT)  # type: ignore[arg-type]
    if not exact:
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    index.is_trained = True  # fp16 needs no training (nothing is learned from the data), flat neither
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def storage_of(index: Any) -> str:
    """ "float16" or "float32": how ``index`` stores its vectors."""
    return "float32" if vectors_of(index).dtype == np.float32 else "float16"


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
    """The stored vectors as a read-only zero-copy (n, d) view (float16 or float32, as stored).

    For reuse and exact scoring of a few rows; a product with a float32 query promotes to float32.
    The view does not own its memory: the caller must keep ``index`` alive while using it. It is
    read-only because a memory-mapped index is mapped PROT_READ (a write would be a segfault).
    """
    import faiss

    flat = _flat_storage(index)
    dtype = np.float32 if flat.code_size == 4 * index.d else np.float16
    if flat.code_size != np.dtype(dtype).itemsize * index.d:
        raise ValueError(f"unsupported vector storage: {flat.code_size} bytes for {index.d} dimensions")
    if flat.ntotal == 0:
        return np.zeros((0, index.d), dtype=dtype)
    codes = faiss.rev_swig_ptr(flat.codes.data(), flat.ntotal * flat.code_size)
    view = codes.view(dtype).reshape(flat.ntotal, index.d)
    view.flags.writeable = False
    return view


def subset_search(index: Any, query: np.ndarray, mask: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact top ``n`` (scores, rows) among the rows where ``mask`` is true, whatever the index type.

    A scan of the flat storage with a bitmap selector: FAISS decodes and scores only the selected
    rows in SIMD, which beat gathering them into a NumPy array and a product (fp32: 28 vs 14 ms for
    15,000 of 100,000 rows; fp16, which NumPy has no BLAS for: 52 vs 2.2 ms; loaded machine).
    """
    import faiss

    bits = np.packbits(mask, bitorder="little")  # kept alive until the search returns
    selector = faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bits))  # type: ignore[attr-defined]
    params = faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
    query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
    scores, rows = _flat_storage(index).search(query, n, params=params)
    keep = rows[0] >= 0
    return scores[0][keep], rows[0][keep].astype(np.int64)


def _flat_storage(index: Any) -> Any:
    """The flat part holding the vectors: the index itself, or an HNSW index's storage."""
    import faiss

    return faiss.downcast_index(index.storage) if hasattr(index, "storage") else index
