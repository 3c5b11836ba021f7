"""Whoosh schema and text analysis for the search index: the one place that defines both."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from whoosh import fields
from whoosh.analysis import Analyzer, Token
from whoosh.analysis.filters import STOP_WORDS as WHOOSH_STOP_WORDS
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

#: Bumped whenever the schema or the analysis changes; a mismatch means "rebuild the index".
SCHEMA_VERSION = 2

#: Words removed everywhere: English function words plus the small talk of support questions
#: ("hi guys, does anyone know ..., thanks"). Matching on them only adds noise.
_SMALL_TALK = """
    about above after again against all also am any anybody anyone anything anyway around
    because been before being below between both but could did do does doing done down during
    each else even ever every few further get gets getting got had has having he her here hers
    herself him himself his how however i im into its itself just let like me more most much
    must my myself no nor now off once only other ought our ours ourselves out over own please pls
    plz really same she should so some someone something still such than thank thanks thx
    their theirs them themselves then there these they those through thru too under until up
    upon very was were what whatever whether which while who whom whose why would yes yours
    yourself yourselves hi hello hey dear guys folks everyone everybody regards cheers kindly
    advance ok okay etc
"""
STOP_WORDS = frozenset(WHOOSH_STOP_WORDS) | frozenset(_SMALL_TALK.split())

#: Tokens: runs of letters/digits, optionally joined by dots (e.g. "v2.1", "e.g").
TOKEN_PATTERN = r"\w+(?:\.\w+)*"  # noqa: S105 - a regex, not a password

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str | None) -> str:
    """Return ``text`` NFC-normalised with control characters replaced by spaces."""
    if not text:
        return ""
    return _CONTROL_RE.sub(" ", unicodedata.normalize("NFC", str(text)))


class TextAnalyzer(Analyzer):
    """Title and body analysis in one pass: tokenize, lowercase, fold accents, drop stop words,
    Porter-stem. Same output as the equivalent Whoosh filter chain, about three times faster
    (indexing speed is dominated by per-token Python overhead)."""

    _CACHE_LIMIT = 200_000
    PATTERN = TOKEN_PATTERN

    def __init__(self) -> None:
        self._pattern = re.compile(self.PATTERN, re.UNICODE)
        self._cache: dict[str, str] = {}

    def __getstate__(self) -> dict[str, object]:
        return {}  # the schema is pickled into the index: keep it small and code-free

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__()  # type: ignore[misc]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def _term(self, word: str) -> str:
        lowered = word.lower()
        if not lowered.isascii():
            lowered = lowered.translate(accent_map)
        if lowered in STOP_WORDS or not 2 <= len(lowered) <= 40:
            return ""
        return porter_stem(lowered)

    def term_counts(self, value: str) -> dict[str, int]:
        """Return ``{term: frequency}`` of ``value``: the same terms as ``__call__``, faster
        (each distinct word is looked up once)."""
        cache = self._cache
        if len(cache) > self._CACHE_LIMIT:
            cache.clear()
        counts: dict[str, int] = {}
        for word, n in Counter(self._pattern.findall(value)).items():
            term = cache.get(word)
            if term is None:
                term = cache[word] = self._term(word)
            if term:
                counts[term] = counts.get(term, 0) + n
        return counts

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        cache = self._cache
        if len(cache) > self._CACHE_LIMIT:
            cache.clear()
        pos = start_pos
        for match in self._pattern.finditer(value) if tokenize else [None]:
            word = match.group() if match is not None else value
            term = cache.get(word)
            if term is None:
                term = cache[word] = self._term(word)
            if not term:
                continue
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = pos
                pos += 1
            if chars and match is not None:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


def text_analyzer() -> Analyzer:
    """Analyzer for title and body (see :class:`TextAnalyzer`)."""
    return TextAnalyzer()


class SpellingAnalyzer(TextAnalyzer):
    """Analyzer for the did-you-mean vocabulary: lowercase whole words of 3-30 letters, stop
    words dropped, no stemming (the words the corrector proposes must be real words)."""

    PATTERN = r"[^\W\d_]{3,30}"

    def _term(self, word: str) -> str:
        lowered = word.lower()
        if lowered in STOP_WORDS or len(lowered) < 3:
            return ""
        return lowered


def spelling_analyzer() -> Analyzer:
    """Analyzer for the did-you-mean vocabulary (see :class:`SpellingAnalyzer`)."""
    return SpellingAnalyzer()


#: Shared analyzer instances (their stem caches are worth keeping).
TEXT_ANALYZER = text_analyzer()
SPELL_ANALYZER = spelling_analyzer()


def analyze(text: str | None, analyzer: Analyzer = TEXT_ANALYZER) -> list[str]:
    """Return the indexed terms of ``text`` in order (duplicates kept)."""
    return [t.text for t in analyzer(clean_text(text))]


def analyze_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield ``(term, start, end)`` for every indexed term of ``text`` (offsets into ``text``).

    ``text`` must already be cleaned with :func:`clean_text` for offsets to be meaningful.
    """
    for token in TEXT_ANALYZER(text, chars=True):
        yield token.text, token.startchar, token.endchar


def build_schema() -> fields.Schema:
    """Return the index schema. Stored fields are what a hit needs to render without the DB."""
    return fields.Schema(
        doc_id=fields.ID(stored=True, unique=True),
        kind=fields.ID(stored=True),
        external_id=fields.ID(stored=True),
        aliases=fields.KEYWORD(stored=True, commas=False, scorable=False),
        title=fields.TEXT(analyzer=TEXT_ANALYZER, stored=True, phrase=False),
        body=fields.TEXT(analyzer=TEXT_ANALYZER, stored=True, phrase=False),
        spell=fields.TEXT(analyzer=SPELL_ANALYZER, phrase=False),
        tags=fields.KEYWORD(stored=True, commas=True, lowercase=True, scorable=False),
        solved=fields.BOOLEAN(stored=True),
        # Display and ranking-prior values: stored only (nothing queries them by range, and
        # numeric fields index 8-16 terms per value).
        answers=fields.STORED(),
        score=fields.STORED(),
        created_at=fields.STORED(),
        version=fields.ID(stored=True),
        content_key=fields.ID(stored=True),  # equal for documents with identical text
    )
