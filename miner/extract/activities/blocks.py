"""The column blocks of a fitted linear model, each filled by one transformer's features.

`Terms` cuts a CountVectorizer's or TfidfVectorizer's character n-grams itself (as whole numbers: a
code per character, base-N numbers, a bit that says whether a longer term starts there), `Flags`
reads a DictVectorizer's names and values, `Opaque` calls any other transformer. activities/linear.py
puts them together with the classifiers' heads.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from numbers import Number
from typing import Any

Row = dict[int, float]  # column → value of one input's feature vector (zeros left out)
Vectors = list[list[float]]  # weight vectors over every column (a classifier's coefficient rows)
SPACES = re.compile(r"\s\s+")  # scikit-learn's white-space normalisation before character n-grams


class Block:
    """The columns one transformer fills, from `offset` on."""

    def __init__(self, offset: int, width: int, weight: float) -> None:
        self.offset = offset
        self.width = width
        self.weight = weight  # a FeatureUnion's transformer weight (1.0 without)

    def features(self, item: Any) -> list[tuple[int, float]]:
        """The (column, value) pairs of one item, columns counted from the block's offset."""
        raise NotImplementedError

    def add(self, items: Sequence[Any], rows: list[Row]) -> None:
        """Write each item's features into its row."""
        for item, row in zip(items, rows, strict=True):
            for col, v in self.features(item):
                at = self.offset + col
                row[at] = row.get(at, 0.0) + v * self.weight

    def dots(self, items: Sequence[Any], vectors: Vectors, out: Vectors) -> None:
        """Add to `out[i][h]` the dot product of item i's features with `vectors[h]`."""
        for item, acc in zip(items, out, strict=True):
            for col, v in self.features(item):
                at, x = self.offset + col, v * self.weight
                for h, w in enumerate(vectors):
                    acc[h] += x * w[at]


class Terms(Block):
    """A fitted CountVectorizer or TfidfVectorizer: counts of the vocabulary's terms, then tf-idf.

    Character n-grams are looked up as whole numbers: each character of the vocabulary has a code
    (1, 2, ...; 0 for a character in no term), an n-gram is its codes in base `base`, and `grams`
    maps each term's number to its column, with a bit saying whether the n-gram is the beginning of
    a longer term (otherwise the longer n-grams at that position are not looked up at all). A text's
    characters are looked up once (by their ord in a list), and no n-gram is cut out of it as a string."""

    def __init__(self, offset: int, weight: float, vocab: dict[str, int], chars: tuple[int, int] | None,
                 lower: bool, analyzer: Callable[[Any], Any] | None, binary: bool, sublinear: bool,
                 idf: list[float] | None, norm: str, spaces: re.Pattern[str]) -> None:
        super().__init__(offset, len(vocab), weight)
        self.vocab = vocab
        self.native = chars is not None  # character n-grams, cut here
        self.lo, self.hi = chars if chars is not None else (1, 1)
        self.lower = lower
        self.analyzer = analyzer  # the vectorizer's own analyzer for every other kind
        self.binary = binary
        self.sublinear = sublinear
        self.idf = idf or []
        self.norm = norm  # "l2", "l1" or "" (none)
        self.spaces = spaces
        self.codes: dict[str, int] = {}  # character → its code (from 1)
        self.by_ord: list[int] = [0]  # the codes of the Basic Multilingual Plane, by ord(character)
        self.unigrams: list[int] = [-1]  # code → the column of the character as a term, or -1
        # n-gram number (n ≥ 2) → (column + 1) · 2 + 1 when a longer term starts with it
        self.grams: dict[int, int] = {}
        self.base = 1
        # made on first use for the vectors in `_rows_of`: per column of the block, the weights of every
        # vector (more than two: a softmax's rows); else per vector, idf · weight of each column
        self._columns: Vectors = []
        self._rows_of: Vectors | None = None
        if self.native:
            self._number_terms()

    def _number_terms(self) -> None:
        for term in self.vocab:
            for ch in term:
                if ch not in self.codes:
                    self.codes[ch] = len(self.codes) + 1
        self.base = len(self.codes) + 1
        self.by_ord = [0] * (1 + max([ord(ch) for ch in self.codes if ord(ch) <= 0xFFFF], default=0))
        for ch, code in self.codes.items():
            if ord(ch) <= 0xFFFF:
                self.by_ord[ord(ch)] = code
        self.unigrams = [-1] * self.base
        for term, col in self.vocab.items():
            if len(term) == 1:
                self.unigrams[self.codes[term]] = col
                continue
            key = 0
            for n, ch in enumerate(term):
                key = key * self.base + self.codes[ch]
                if n == 0:
                    continue
                if n == len(term) - 1:
                    self.grams[key] = self.grams.get(key, 0) | ((col + 1) << 1)
                else:
                    self.grams[key] = self.grams.get(key, 0) | 1

    def tally(self, text: str, seen: list[int]) -> list[int]:
        """The columns of the terms of `text` in the order scikit-learn first meets them (n-grams by
        size, then by position), with `seen[j]` raised by the count of each (`seen` holds zeros)."""
        order: list[int] = []
        if not self.native:
            assert self.analyzer is not None
            for term in self.analyzer(text):
                j = self.vocab.get(term, -1)
                if j >= 0:
                    if seen[j] == 0:
                        order.append(j)
                    seen[j] += 1
            return order
        doc = self.spaces.sub(" ", text.lower() if self.lower else text)
        n = len(doc)
        by_ord = self.by_ord  # (the tables in locals: no attribute read per character)
        unigrams = self.unigrams
        grams = self.grams
        top = len(by_ord)
        uni = self.lo == 1
        keys = [0] * n  # the codes, then the numbers of the longer n-grams that start there
        for i in range(n):  # the codes, and the unigrams counted in the same pass
            o = ord(doc[i])  # (compiled: read in place, no one-character string made)
            if o < top:
                c = by_ord[o]
            elif o > 0xFFFF:
                c = self.codes.get(doc[i], 0)
            else:
                continue
            keys[i] = c
            if uni and c:
                j = unigrams[c]
                if j >= 0:
                    if seen[j] == 0:
                        order.append(j)
                    seen[j] += 1
        if self.hi < 2:
            return order
        codes = keys[:] if self.hi > 2 else keys
        base = self.base
        # n-grams of two: every position; longer ones only where a shorter one begins a longer term
        live: list[int] = []  # (ascending positions: counted in scikit-learn's order)
        counted, more = self.lo <= 2, self.hi > 2
        for i in range(n - 1):
            k = keys[i]
            c = keys[i + 1]  # (not yet overwritten: positions are visited left to right)
            if k == 0 or c == 0:
                continue
            k = k * base + c
            v = grams.get(k, 0)
            if more and v & 1:
                keys[i] = k
                live.append(i)
            if counted and v >= 2:
                j = (v >> 1) - 1
                if seen[j] == 0:
                    order.append(j)
                seen[j] += 1
        for size in range(3, self.hi + 1):
            counted, more = size >= self.lo, size < self.hi
            last = n - size + 1
            ahead: list[int] = []
            for i in live:
                if i >= last:
                    break
                c = codes[i + size - 1]
                if c == 0:
                    continue
                k = keys[i] * base + c
                v = grams.get(k, 0)
                if more and v & 1:
                    keys[i] = k
                    ahead.append(i)
                if counted and v >= 2:
                    j = (v >> 1) - 1
                    if seen[j] == 0:
                        order.append(j)
                    seen[j] += 1
            live = ahead
        return order

    def _weight(self, j: int, c: int) -> float:
        """The weight of term `j` seen `c` times, before normalisation (tf, sublinear tf, idf)."""
        v = 1.0 if self.binary or c == 1 else float(c)
        if self.sublinear and v != 1.0:  # log(1) + 1 is 1
            v = math.log(v) + 1.0
        return v * self.idf[j] if self.idf else v

    def _norm(self, total: float) -> float:
        """What scikit-learn divides the row by: its l2 or l1 norm (1 for none, and for a zero row)."""
        if not self.norm or total <= 0.0:
            return 1.0
        return math.sqrt(total) if self.norm == "l2" else total

    def features(self, item: Any) -> list[tuple[int, float]]:
        seen = [0] * self.width
        values = [(j, self._weight(j, seen[j])) for j in self.tally(item, seen)]
        l2 = self.norm == "l2"
        denom = self._norm(sum(v * v if l2 else abs(v) for _, v in values))
        return [(j, v / denom) for j, v in values]

    def dots(self, items: Sequence[Any], vectors: Vectors, out: Vectors) -> None:
        offset, k = self.offset, len(vectors)
        l2 = self.norm == "l2"
        one = vectors[0]
        two = vectors[1] if k > 1 else one
        idf = self.idf
        if self._rows_of is not vectors:
            if k > 2:
                self._columns = [[w[offset + j] for w in vectors] for j in range(self.width)]
            else:  # a term seen once adds idf · weight: the products made once, the same to the bit
                self._columns = [[(idf[j] if idf else 1.0) * w[offset + j] for j in range(self.width)]
                                 for w in vectors]
            self._rows_of = vectors
        columns = self._columns
        once_one = columns[0] if k <= 2 else []
        once_two = columns[1] if k == 2 else once_one
        seen = [0] * self.width  # counts of the item at hand, set back to zeros after it
        # a text's products with the vectors, scored once per call: the candidates of one line share it
        done: dict[str, list[float]] = {}
        for item, acc in zip(items, out, strict=True):
            text = item if isinstance(item, str) else None
            if text is not None and text in done:
                known = done[text]
                for h in range(k):
                    acc[h] += known[h]
                continue
            total = 0.0
            first = 0.0  # sums[0] and sums[1] kept in locals (one or two weight vectors)
            second = 0.0
            sums = [0.0] * k if k > 2 else []
            for j in self.tally(item, seen):
                c = seen[j]
                seen[j] = 0
                # (a term seen once weighs its idf: 1.0 · idf, which is idf to the bit)
                v = (idf[j] if idf else 1.0) if c == 1 else self._weight(j, c)
                total += v * v if l2 else abs(v)
                if k <= 2:
                    if c == 1:
                        first += once_one[j]
                        if k == 2:
                            second += once_two[j]
                        continue
                    col = offset + j
                    first += v * one[col]
                    if k == 2:
                        second += v * two[col]
                    continue
                weights = columns[j]  # (the same products, added in the same order)
                for h in range(k):
                    sums[h] += v * weights[h]
            if k <= 2:
                sums = [first, second][:k]
            scale = self.weight / self._norm(total)
            products = [sums[h] * scale for h in range(k)]
            if text is not None:
                done[text] = products
            for h in range(k):
                acc[h] += products[h]


class Flags(Block):
    """A fitted DictVectorizer: `name=value` for a string value, the value itself for a number."""

    def __init__(self, offset: int, weight: float, vocab: dict[str, int], separator: str) -> None:
        super().__init__(offset, len(vocab), weight)
        self.vocab = vocab
        self.separator = separator

    def features(self, item: Any) -> list[tuple[int, float]]:
        flags: dict[Any, Any] = item
        out: list[tuple[int, float]] = []
        for name, value in flags.items():
            if isinstance(value, float):
                keys, v = [name], value
            elif isinstance(value, str):
                keys, v = [f"{name}{self.separator}{value}"], 1.0
            elif isinstance(value, Number) or value is None:
                keys, v = [name], math.nan if value is None else float(value)  # type: ignore[arg-type]
            else:  # an iterable of strings
                keys, v = [f"{name}{self.separator}{part}" for part in value], 1.0
            for key in keys:
                j = self.vocab.get(key, -1)
                if j >= 0:
                    out.append((j, v))
        return out

    def dots(self, items: Sequence[Any], vectors: Vectors, out: Vectors) -> None:
        if len(vectors) != 1:
            super().dots(items, vectors, out)
            return
        one, offset, weight = vectors[0], self.offset, self.weight
        for item, acc in zip(items, out, strict=True):
            score = acc[0]  # (one weight vector: the sum kept in a local, added to in the same order)
            for col, v in self.features(item):
                score += v * weight * one[offset + col]
            acc[0] = score


class Opaque(Block):
    """A transformer this module does not know: its own `transform`, read back column by column."""

    def __init__(self, offset: int, width: int, weight: float, transformer: Any) -> None:
        super().__init__(offset, width, weight)
        self.transformer = transformer

    def _transform(self, items: Sequence[Any]) -> list[list[tuple[int, float]]]:
        matrix = self.transformer.transform(list(items))
        if not hasattr(matrix, "tocsr"):
            from scipy.sparse import csr_matrix

            matrix = csr_matrix(matrix)
        matrix = matrix.tocsr()
        out = []
        for i in range(len(items)):
            lo, hi = int(matrix.indptr[i]), int(matrix.indptr[i + 1])
            out.append([(int(matrix.indices[k]), float(matrix.data[k])) for k in range(lo, hi)])
        return out

    def features(self, item: Any) -> list[tuple[int, float]]:
        return self._transform([item])[0]

    def add(self, items: Sequence[Any], rows: list[Row]) -> None:
        for pairs, row in zip(self._transform(items), rows, strict=True):
            for col, v in pairs:
                at = self.offset + col
                row[at] = row.get(at, 0.0) + v * self.weight

    def dots(self, items: Sequence[Any], vectors: Vectors, out: Vectors) -> None:
        for pairs, acc in zip(self._transform(items), out, strict=True):
            for col, v in pairs:
                at, x = self.offset + col, v * self.weight
                for h, w in enumerate(vectors):
                    acc[h] += x * w[at]
