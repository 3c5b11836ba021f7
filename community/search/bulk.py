"""A fast Whoosh segment writer for full rebuilds: postings are gathered in memory arrays.

Whoosh's ``SegmentWriter`` sends every posting through a pickling external sort and then
looks up each document's field length again while writing. For a bulk rebuild that is most
of the time. This writer keeps the per-document part of ``SegmentWriter`` (stored fields,
lengths, columns) unchanged, collects postings as ``term -> (docnums, weights)`` arrays, and
writes them block by block with the codec's own postings writer, so the segment files are the
ones Whoosh would have written.

Text fields analysed by :class:`~community.search.schema.TextAnalyzer` take a fast path that
counts the words of a document once and stems each distinct word once.
"""

from __future__ import annotations

import contextlib
import os
import pickle  # noqa: S403 - only between this process and its own helper
import select
import struct
import subprocess  # noqa: S404 - helper indexing processes
import sys
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from whoosh import fields, formats
from whoosh import index as whoosh_index
from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import SegmentWriter

from community.search.schema import TextAnalyzer

_Postings = tuple[array, array]  # docnums ('I'), frequencies ('I')
_LEN = struct.Struct("!Q")
_READY, _DONE = b"R", b"D"
_Key = str | bytes  # text terms by string (fast path), other fields by their bytes


def supports(schema: Any) -> bool:
    """True when every indexed field of ``schema`` has a format this writer can write."""
    for _name, field in schema.items():
        fmt = field.format
        if fmt is not None and type(fmt) not in (formats.Existence, formats.Frequency):
            return False
        if field.vector or field.separate_spelling():
            return False
    return True


class BulkSegmentWriter(SegmentWriter):
    """``SegmentWriter`` with in-memory postings; for writing one fresh segment."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, codec=W3Codec(), **kwargs)
        if not supports(self.schema):
            raise ValueError("schema not supported by the bulk writer")
        self._posts: dict[str, dict[_Key, _Postings]] = {}
        self._lengths: dict[str, array] = {}  # fieldname -> length of each doc (0 if none)
        self._fast = {
            name for name, field in self.schema.items() if isinstance(field.analyzer, TextAnalyzer)
        }
        # ID fields without filters index the whole value as one term.
        self._whole = {
            name
            for name, field in self.schema.items()
            if isinstance(field, fields.ID) and type(field.analyzer) is IDTokenizer
        }

    def _add_text(self, fieldname: str, field: Any, value: str, docnum: int) -> int:
        counts = field.analyzer.term_counts(value)
        posts = self._posts.setdefault(fieldname, {})
        get = posts.get
        for term, tf in counts.items():
            entry = get(term)
            if entry is None:
                entry = posts[term] = (array("I"), array("I"))
            entry[0].append(docnum)
            entry[1].append(tf)
        return sum(counts.values())

    def _add_whole(self, fieldname: str, value: str, docnum: int) -> None:
        posts = self._posts.setdefault(fieldname, {})
        entry = posts.get(value)
        if entry is None:
            entry = posts[value] = (array("I"), array("I"))
        entry[0].append(docnum)
        entry[1].append(1)

    def _add_generic(self, fieldname: str, field: Any, value: Any, docnum: int) -> int:
        posts = self._posts.setdefault(fieldname, {})
        length = 0
        for tbytes, freq, _weight, _vbytes in field.index(value):
            entry = posts.get(tbytes)
            if entry is None:
                entry = posts[tbytes] = (array("I"), array("I"))
            entry[0].append(docnum)
            entry[1].append(freq)
            if field.scorable:
                length += freq
        return length

    def add_document(self, **fields: Any) -> None:  # type: ignore[override]
        """Add one document (field name -> value), like ``SegmentWriter.add_document``."""
        self._check_state()
        perdoc = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    if name in self._fast:
                        length = self._add_text(name, field, value, docnum)
                    elif name in self._whole:
                        self._add_whole(name, value, docnum)
                    else:
                        length = self._add_generic(name, field, value, docnum)
                    if length:
                        lengths = self._lengths.get(name)
                        if lengths is None:
                            lengths = self._lengths[name] = array("I")
                        if len(lengths) < docnum:
                            lengths.extend([0] * (docnum - len(lengths)))
                        lengths.append(length)
                perdoc.add_field(name, field, value if field.stored else None, length)
                column = field.column_type
                if column:
                    perdoc.add_column_value(name, column, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        writer = self.fieldwriter
        for fieldname in sorted(self._posts):
            field = self.schema[fieldname]
            posts = self._posts[fieldname]
            lengths = self._lengths.get(fieldname) if field.scorable else None
            with_values = field.format.fixed_value_size() != 0
            writer.start_field(fieldname, field)
            encoded = sorted(
                (key if isinstance(key, bytes) else key.encode("utf-8"), key) for key in posts
            )
            for btext, key in encoded:
                ids, freqs = posts[key]
                writer.start_term(btext)
                _write_postings(writer._postwriter, ids, freqs, lengths, with_values)
                writer.finish_term()
            writer.finish_field()
            posts.clear()
        writer.close()


def _write_postings(
    pw: Any, ids: array, freqs: array, lengths: array | None, with_values: bool
) -> None:
    """Feed one term's postings to a ``W3PostingsWriter`` a whole block at a time."""
    limit = pw._blocklimit
    total = len(ids)
    for start in range(0, total, limit):
        if start:
            pw._write_block()
        block_ids = ids[start : start + limit]
        block_freqs = freqs[start : start + limit]
        pw._ids = block_ids
        pw._weights = array("f", block_freqs)
        pw._maxweight = float(max(block_freqs))
        if with_values:
            pw._values = [struct.pack(f"!{len(block_freqs)}I", *block_freqs)]
        else:
            pw._values = []
        if lengths is not None:
            block_lengths = [lengths[d] for d in block_ids if d < len(lengths)]
            block_lengths = [n for n in block_lengths if n] or [0]
            pw._minlength = min(block_lengths) or None
            pw._maxlength = max(block_lengths)
        else:
            pw._minlength = None
            pw._maxlength = 0
    # finish_term() -> finish_postings() writes the last block


def _send(stream: Any, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LEN.pack(len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream: Any) -> Any:
    header = stream.read(_LEN.size)
    if len(header) < _LEN.size:
        raise EOFError("indexing pipe closed")
    (size,) = _LEN.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("indexing pipe closed")
    return pickle.loads(data)  # noqa: S301 - our own parent/child pipe


def helper_main(path: str) -> None:
    """Helper process: ask for batches of field dicts on stdout (b"R"), read them from stdin,
    index them into one segment, and finally write back the pickled segment."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints must not corrupt the protocol
    inp = sys.stdin.buffer
    try:
        writer = BulkSegmentWriter(whoosh_index.open_dir(path), _lk=False)
        while True:
            out.write(_READY)
            out.flush()
            batch = _receive(inp)
            if batch is None:
                break
            for values in batch:
                writer.add_document(**values)
        segment = None
        if writer._added:
            segment = writer._finalize_segment()
        else:
            writer._close_segment()
        out.write(_DONE)
        _send(out, ("ok", segment))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises
        out.write(_DONE)
        _send(out, ("error", f"{type(exc).__name__}: {exc}"))
    out.close()


class _Helper:
    """A helper indexing process (a fresh interpreter: no inherited app state or locks)."""

    def __init__(self, path: str) -> None:
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        self.proc = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "community.search.index_helper", path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        # Both pipes exist: Popen was given PIPE for each.
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin: IO[bytes] = self.proc.stdin
        self.stdout: IO[bytes] = self.proc.stdout
        self.ready = False

    def is_ready(self) -> bool:
        """True when the helper asked for work (never blocks)."""
        if not self.ready:
            readable, _, _ = select.select([self.stdout], [], [], 0)
            if readable:
                flag = self.stdout.read(1)
                if flag != _READY:
                    raise RuntimeError("search indexing helper stopped unexpectedly")
                self.ready = True
        return self.ready

    def give(self, batch: list[dict[str, Any]] | None) -> None:
        """Send one batch (None = finish)."""
        _send(self.stdin, batch)
        self.ready = False

    def finish(self) -> Any:
        """Tell the helper to finish; return its segment (or None); raise if it failed."""
        while True:
            flag = self.stdout.read(1)
            if flag == _READY:
                self.give(None)
                continue
            if flag != _DONE:
                raise RuntimeError("search indexing helper died")
            break
        status, payload = _receive(self.stdout)
        self.stdin.close()
        self.stdout.close()
        self.proc.wait(timeout=30)
        if status != "ok":
            raise RuntimeError(f"search indexing helper failed: {payload}")
        return payload

    def kill(self) -> None:
        """Stop the helper (on errors)."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.stdin, self.stdout):
            with contextlib.suppress(OSError):
                stream.close()


def write_index(
    ix: Any,
    values: Iterable[dict[str, Any]],
    *,
    procs: int = 1,
    batch_size: int = 500,
    on_document: Callable[[int], None] | None = None,
) -> int:
    """Write the field dicts ``values`` into the empty index ``ix``; return the count.

    With ``procs > 1``, helper processes index the batches the parent hands over whenever they
    ask for work (the parent indexes the rest itself); each process writes its own segment.
    """
    writer = BulkSegmentWriter(ix)
    helpers: list[_Helper] = []
    count = 0
    try:
        helpers = [_Helper(ix.storage.folder) for _ in range(max(0, procs - 1))]
        batch: list[dict[str, Any]] = []
        for item in values:
            batch.append(item)
            count += 1
            if on_document is not None:
                on_document(count)
            if len(batch) >= batch_size:
                idle = next((h for h in helpers if h.is_ready()), None)
                if idle is not None:
                    idle.give(batch)
                else:
                    for one in batch:
                        writer.add_document(**one)
                batch = []
        for one in batch:
            writer.add_document(**one)
        segments = [seg for seg in (h.finish() for h in helpers) if seg is not None]
    except BaseException:
        for helper in helpers:
            helper.kill()
        writer.cancel()
        raise
    if writer._added:
        segments.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()
    return count
