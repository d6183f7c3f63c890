"""Near-duplicate stories: wire copies and re-posts of one article, found at ingest.

Two documents are copies of one story when their word 5-shingles overlap (Jaccard) by at least
`STORY_THRESHOLD`. Comparing every pair grows with the square of the corpus, so each document
gets a MinHash signature (128 permutations, `datasketch`) and an LSH index proposes the
candidates; a candidate is kept only when the signatures estimate the Jaccard at or above the
threshold. The first stored document of a story is its representative (`story_id` is its id);
the later copies point at it. Precision, recall and cost on the china_media corpus are in
docs/stories.md.

Shingles are taken from the clean view (furniture and entities gone), lower-cased, so two
sites' page furniture neither joins two stories nor splits one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 5
PERMUTATIONS = 128
# Jaccard of word 5-shingles at which two documents are one story; set on annotated pairs
# (docs/stories.md): edited re-posts of one wire story sit well above it, two stories of one
# event from different desks well below.
STORY_THRESHOLD = 0.5
# Documents with fewer words than a shingle's window cannot be compared.
_WORD = re.compile(r"\w+", re.UNICODE)
SEED = 17
# Stored signatures are only comparable under one hashing scheme: named, not defaulted.
SCHEME = "affine32"


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    minhash = MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME)
    minhash.update_batch(list(shingles(text)))
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype=np.uint64).copy()
    return MinHash(num_perm=PERMUTATIONS, seed=SEED, hashvalues=values, scheme=SCHEME)


class StoryIndex:
    """Every known document's signature and story, answering "which story is this a copy of?"."""

    def __init__(self, threshold: float = STORY_THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
        self._signatures: dict[int, MinHash] = {}
        self._story: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, document_id: int, minhash: MinHash, story_id: int) -> None:
        self._lsh.insert(document_id, minhash)
        self._signatures[document_id] = minhash
        self._story[document_id] = story_id

    def candidates(self, minhash: MinHash) -> list[tuple[int, float]]:
        """Known documents the LSH proposes, with their estimated Jaccard, best first."""
        found = [
            (int(k), self._signatures[int(k)].jaccard(minhash)) for k in self._lsh.query(minhash)
        ]
        return sorted(found, key=lambda pair: (-pair[1], pair[0]))

    def story_of(self, minhash: MinHash) -> int | None:
        """The story a new document copies (the earliest of the closest matches), or None."""
        matches = [k for k, similarity in self.candidates(minhash) if similarity >= self.threshold]
        if not matches:
            return None
        return min(self._story[k] for k in matches)

    def assign(self, document_id: int, minhash: MinHash) -> int:
        """File a new document under its story (its own id when it copies none)."""
        story = self.story_of(minhash)
        story_id = document_id if story is None else story
        self.add(document_id, minhash, story_id)
        return story_id


def group(items: Iterable[tuple[int, str]], threshold: float = STORY_THRESHOLD) -> dict[int, int]:
    """Story ids for (id, text) pairs filed in order: what ingest would assign."""
    index = StoryIndex(threshold)
    return {document_id: index.assign(document_id, signature(text)) for document_id, text in items}
