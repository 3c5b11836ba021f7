"""Video links -> (provider, id, start) from an allow-list of hosts; everything else is a link.

Pure functions, no Flask, no database. The parser is deliberately strict: the host must be one of
the allow-listed names exactly (no userinfo, no port, no look-alikes), ids must have the provider's
exact shape, and any whitespace, control or non-ASCII character makes the input a plain link.
Embed and watch URLs are rebuilt from the parsed parts only, never from the raw input.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlsplit

PROVIDERS = ("youtube", "vimeo")
PROVIDER_NAMES = {"youtube": "YouTube", "vimeo": "Vimeo"}

MAX_URL_LENGTH = 2048
# Longer than any how-to video; a bigger start time is a typo or an attack, not a bookmark.
MAX_START_SECONDS = 12 * 3600

YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com"})
YOUTUBE_SHORT_HOSTS = frozenset({"youtu.be"})
YOUTUBE_NOCOOKIE_HOSTS = frozenset({"youtube-nocookie.com", "www.youtube-nocookie.com"})
VIMEO_HOSTS = frozenset({"vimeo.com", "www.vimeo.com"})
VIMEO_PLAYER_HOSTS = frozenset({"player.vimeo.com"})

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"[1-9][0-9]{0,11}")
_YOUTUBE_PATH = re.compile(r"/(?:shorts|embed|live)/([^/]+)/?")
_YOUTUBE_EMBED_PATH = re.compile(r"/embed/([^/]+)/?")
_SHORT_PATH = re.compile(r"/([^/]+)/?")
_VIMEO_PATH = re.compile(r"/([^/]+)/?")
_VIMEO_PLAYER_PATH = re.compile(r"/video/([^/]+)/?")
_CLOCK = re.compile(r"(?:([0-9]{1,2})h)?(?:([0-9]{1,4})m)?(?:([0-9]{1,5})s)?")
_SECONDS = re.compile(r"[0-9]{1,5}s?")
_READ_PARAMS = frozenset({"v", "t", "start"})


class VideoLink(NamedTuple):
    """A parsed video link: provider ("youtube" or "vimeo"), its id, and a start in seconds."""

    provider: str
    video_id: str
    start: int = 0


def parse_start(raw: str) -> int | None:
    """Parse "90", "90s", "1m30s" or "1h2m3s" to seconds; None when malformed or too large."""
    if not raw:
        return None
    if _SECONDS.fullmatch(raw):
        seconds = int(raw.rstrip("s"))
    else:
        match = _CLOCK.fullmatch(raw)
        if match is None or not any(match.groups()):
            return None
        hours, minutes, secs = (int(g) if g else 0 for g in match.groups())
        seconds = hours * 3600 + minutes * 60 + secs
    return seconds if seconds <= MAX_START_SECONDS else None


def _is_plain_ascii(raw: str) -> bool:
    """Printable ASCII without spaces or backslashes (which browsers read as slashes)."""
    return all("!" <= ch <= "~" for ch in raw) and "\\" not in raw


def _query(raw: str) -> dict[str, str] | None:
    """Query parameters as a dict, not percent-decoded (ids and times are checked as written).

    None when a parameter we read is repeated: ``?v=a&v=b`` is ambiguous, so it is a plain link.
    """
    seen: dict[str, str] = {}
    for pair in raw.split("&"):
        key, _, value = pair.partition("=")
        if key in seen and key in _READ_PARAMS:
            return None
        seen[key] = value
    return seen


def _start_from(params: dict[str, str], fragment: str) -> int | None:
    """The start time from ``t``/``start`` or a ``#t=`` fragment; 0 if none; None if malformed."""
    values = [params[k] for k in ("t", "start") if k in params]
    if fragment.startswith("t="):
        values.append(fragment[2:])
    elif fragment:
        return None
    if len(values) > 1:
        return None
    if not values:
        return 0
    return parse_start(values[0])


def _youtube(host: str, path: str, params: dict[str, str], fragment: str) -> VideoLink | None:
    """The YouTube shapes: watch?v=, /shorts/, /embed/, /live/, youtu.be/, nocookie /embed/."""
    video_id: str | None = None
    if host in YOUTUBE_SHORT_HOSTS:
        match = _SHORT_PATH.fullmatch(path)
        video_id = match.group(1) if match else None
    elif host in YOUTUBE_NOCOOKIE_HOSTS:
        match = _YOUTUBE_EMBED_PATH.fullmatch(path)
        video_id = match.group(1) if match else None
    elif path in ("/watch", "/watch/"):
        video_id = params.get("v")
    else:
        match = _YOUTUBE_PATH.fullmatch(path)
        video_id = match.group(1) if match else None
    if video_id is None or not YOUTUBE_ID.fullmatch(video_id):
        return None
    start = _start_from(params, fragment)
    return None if start is None else VideoLink("youtube", video_id, start)


def _vimeo(host: str, path: str, params: dict[str, str], fragment: str) -> VideoLink | None:
    """The Vimeo shapes: vimeo.com/<digits> and player.vimeo.com/video/<digits>, with #t=."""
    pattern = _VIMEO_PLAYER_PATH if host in VIMEO_PLAYER_HOSTS else _VIMEO_PATH
    match = pattern.fullmatch(path)
    if match is None or not VIMEO_ID.fullmatch(match.group(1)):
        return None
    start = _start_from(params, fragment)
    return None if start is None else VideoLink("vimeo", match.group(1), start)


def parse_video_url(raw: object) -> VideoLink | None:
    """Parse a YouTube or Vimeo link; anything unsupported or suspicious returns None."""
    if not isinstance(raw, str):
        return None
    url = raw.strip(" \t\r\n")
    if not url or len(url) > MAX_URL_LENGTH or not _is_plain_ascii(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    # Compare the whole authority: this refuses userinfo (a@b), ports, trailing dots, look-alikes.
    host = parts.netloc.lower()
    params = _query(parts.query)
    if params is None or "%" in parts.path:
        return None
    if host in YOUTUBE_HOSTS | YOUTUBE_SHORT_HOSTS | YOUTUBE_NOCOOKIE_HOSTS:
        return _youtube(host, parts.path, params, parts.fragment)
    if host in VIMEO_HOSTS | VIMEO_PLAYER_HOSTS:
        return _vimeo(host, parts.path, params, parts.fragment)
    return None


def _checked(link: VideoLink) -> VideoLink:
    """Re-validate a link's parts before they go into a URL (defence against hand-made tuples)."""
    pattern = YOUTUBE_ID if link.provider == "youtube" else VIMEO_ID
    if link.provider not in PROVIDERS or not pattern.fullmatch(link.video_id):
        raise ValueError("not a valid video link")
    if not isinstance(link.start, int) or not 0 <= link.start <= MAX_START_SECONDS:
        raise ValueError("not a valid start time")
    return link


def embed_url(link: VideoLink) -> str:
    """The privacy-friendly player URL (youtube-nocookie or player.vimeo) for a parsed link."""
    provider, video_id, start = _checked(link)
    if provider == "youtube":
        base = f"https://www.youtube-nocookie.com/embed/{video_id}"
        return f"{base}?start={start}" if start else base
    base = f"https://player.vimeo.com/video/{video_id}"
    return f"{base}#t={start}s" if start else base


def watch_url(link: VideoLink) -> str:
    """The canonical page of the video on its provider's site, rebuilt from the parsed parts."""
    provider, video_id, start = _checked(link)
    if provider == "youtube":
        base = f"https://www.youtube.com/watch?v={video_id}"
        return f"{base}&t={start}s" if start else base
    base = f"https://vimeo.com/{video_id}"
    return f"{base}#t={start}s" if start else base


def provider_name(provider: str) -> str:
    """The provider's display name ("YouTube", "Vimeo")."""
    return PROVIDER_NAMES.get(provider, "Video")


def generic_title(provider: str) -> str:
    """The card title used when the video is not in the library: "YouTube video"."""
    return f"{provider_name(provider)} video"
