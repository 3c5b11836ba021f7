"""The video link parser: allow-listed shapes parse, everything else (hostile included) is None."""

from __future__ import annotations

import pytest

from community.videos import (
    VideoLink,
    embed_url,
    generic_title,
    parse_start,
    parse_video_url,
    watch_url,
)

YT = "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "url,expected",
    [
        (f"https://www.youtube.com/watch?v={YT}", ("youtube", YT, 0)),
        (f"https://youtube.com/watch?v={YT}", ("youtube", YT, 0)),
        (f"http://www.youtube.com/watch?v={YT}", ("youtube", YT, 0)),
        (f"https://m.youtube.com/watch?v={YT}", ("youtube", YT, 0)),
        (f"HTTPS://WWW.YOUTUBE.COM/watch?v={YT}", ("youtube", YT, 0)),
        (f"https://www.youtube.com/watch?feature=share&v={YT}&si=abc", ("youtube", YT, 0)),
        (f"https://www.youtube.com/watch/?v={YT}", ("youtube", YT, 0)),
        (f"https://www.youtube.com/watch?v={YT}&t=90", ("youtube", YT, 90)),
        (f"https://www.youtube.com/watch?v={YT}&t=90s", ("youtube", YT, 90)),
        (f"https://www.youtube.com/watch?v={YT}&t=1m30s", ("youtube", YT, 90)),
        (f"https://www.youtube.com/watch?v={YT}&t=1h2m3s", ("youtube", YT, 3723)),
        (f"https://www.youtube.com/watch?v={YT}&t=2m", ("youtube", YT, 120)),
        (f"https://www.youtube.com/watch?v={YT}&start=90", ("youtube", YT, 90)),
        (f"https://www.youtube.com/watch?v={YT}#t=45", ("youtube", YT, 45)),
        (f"https://www.youtube.com/watch?v={YT}#t=1m5s", ("youtube", YT, 65)),
        (f"https://youtu.be/{YT}", ("youtube", YT, 0)),
        (f"https://youtu.be/{YT}/", ("youtube", YT, 0)),
        (f"https://youtu.be/{YT}?t=30", ("youtube", YT, 30)),
        (f"https://youtu.be/{YT}?si=xyz&t=1m", ("youtube", YT, 60)),
        (f"https://www.youtube.com/shorts/{YT}", ("youtube", YT, 0)),
        (f"https://youtube.com/shorts/{YT}?feature=share", ("youtube", YT, 0)),
        (f"https://www.youtube.com/embed/{YT}", ("youtube", YT, 0)),
        (f"https://www.youtube.com/embed/{YT}?start=12", ("youtube", YT, 12)),
        (f"https://www.youtube.com/live/{YT}", ("youtube", YT, 0)),
        (f"https://www.youtube-nocookie.com/embed/{YT}?start=5", ("youtube", YT, 5)),
        (f"https://youtube-nocookie.com/embed/{YT}", ("youtube", YT, 0)),
        ("https://www.youtube.com/watch?v=a_b-c_d-e_f", ("youtube", "a_b-c_d-e_f", 0)),
        (f"  https://youtu.be/{YT}  \n", ("youtube", YT, 0)),
        ("https://vimeo.com/76979871", ("vimeo", "76979871", 0)),
        ("https://www.vimeo.com/76979871", ("vimeo", "76979871", 0)),
        ("https://vimeo.com/76979871/", ("vimeo", "76979871", 0)),
        ("https://vimeo.com/76979871#t=90s", ("vimeo", "76979871", 90)),
        ("https://vimeo.com/76979871#t=1m2s", ("vimeo", "76979871", 62)),
        ("https://player.vimeo.com/video/76979871", ("vimeo", "76979871", 0)),
        ("https://player.vimeo.com/video/76979871?autoplay=1#t=10", ("vimeo", "76979871", 10)),
    ],
)
def test_supported_links_parse(url, expected):
    assert parse_video_url(url) == VideoLink(*expected)


@pytest.mark.parametrize(
    "url",
    [
        # not video links at all
        "",
        "   ",
        "https://example.com/watch?v=" + YT,
        "https://www.youtube.com/",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/channel/UC1234567890",
        "https://www.youtube.com/playlist?list=PL123",
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/",
        "ftp://www.youtube.com/watch?v=" + YT,
        "www.youtube.com/watch?v=" + YT,
        "//www.youtube.com/watch?v=" + YT,
        "youtu.be/" + YT,
        # dangerous schemes
        "javascript:alert(1)//https://youtu.be/" + YT,
        "JavaScript://youtu.be/%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        # malformed ids
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=" + YT + "X",
        "https://www.youtube.com/watch?v=dQw4w9WgXc!",
        "https://www.youtube.com/watch?v=%64Qw4w9WgXcQ",
        "https://youtu.be/" + YT + "/extra",
        "https://youtu.be/",
        "https://www.youtube.com/shorts/",
        "https://www.youtube.com/embed/" + YT + "/x",
        "https://vimeo.com/abc",
        "https://vimeo.com/0123",
        "https://vimeo.com/1234567890123",
        "https://vimeo.com/-5",
        "https://player.vimeo.com/76979871",
        "https://player.vimeo.com/video/",
        "https://www.youtube-nocookie.com/watch?v=" + YT,
        # ambiguous or malformed parameters
        "https://www.youtube.com/watch?v=" + YT + "&v=aaaaaaaaaaa",
        "https://www.youtube.com/watch?v=" + YT + "&t=abc",
        "https://www.youtube.com/watch?v=" + YT + "&t=-5",
        "https://www.youtube.com/watch?v=" + YT + "&t=1m&start=5",
        "https://www.youtube.com/watch?v=" + YT + "&t=999999",
        "https://www.youtube.com/watch?v=" + YT + "&t=13h",
        "https://www.youtube.com/watch?v=" + YT + "#comments",
        "https://vimeo.com/76979871#t=soon",
        # userinfo, ports, look-alikes
        "https://youtube.com@evil.com/watch?v=" + YT,
        "https://evil.com@youtube.com/watch?v=" + YT,
        "https://user:pass@www.youtube.com/watch?v=" + YT,
        "https://www.youtube.com:443/watch?v=" + YT,
        "https://www.youtube.com:8080/watch?v=" + YT,
        "https://evil-youtube.com/watch?v=" + YT,
        "https://youtube.com.evil.com/watch?v=" + YT,
        "https://www.youtube.com./watch?v=" + YT,
        "https://youtu.be.evil.com/" + YT,
        "https://notyoutu.be/" + YT,
        "https://vimeo.com.evil.com/76979871",
        "https://evilvimeo.com/76979871",
        "https://player.vimeo.com.evil.com/video/76979871",
        "https://music.youtube.com/watch?v=" + YT,
        "https://evil.com\\@youtube.com/watch?v=" + YT,
        "https://youtube.com\\.evil.com/watch?v=" + YT,
        "https://evil.com/https://youtu.be/" + YT,
        "https://evil.com/?u=https://youtu.be/" + YT,
        # unicode and punycode look-alikes
        "https://www.yоutube.com/watch?v=" + YT,  # Cyrillic o
        "https://www.youtube.com/watch?v=dQw4w9WgXс" + "Q",  # Cyrillic s in the id
        "https://xn--yutube-wqf.com/watch?v=" + YT,
        "https://www.xn--youtube-7ya.com/watch?v=" + YT,
        "https://youtu.be／" + YT,
        "https://ｙｏｕｔｕ.ｂｅ/" + YT,
        # whitespace and control characters inside
        "https://you tu.be/" + YT,
        "https://youtu.be/" + YT[:5] + "\t" + YT[5:],
        "https://you\ntu.be/" + YT,
        "https://youtu.be/" + YT + "\x00",
        "https://youtu.be/\x7f" + YT,
        "https://www.youtube.com/watch?v=" + YT + "\u200b",
        "\u202ehttps://youtu.be/" + YT,
        # very long input
        "https://www.youtube.com/watch?v=" + YT + "&x=" + "a" * 5000,
        "https://youtu.be/" + "a" * 100_000,
    ],
)
def test_everything_else_is_a_plain_link(url):
    assert parse_video_url(url) is None


@pytest.mark.parametrize("value", [None, 42, b"https://youtu.be/dQw4w9WgXcQ", ["x"]])
def test_non_strings_are_not_links(value):
    assert parse_video_url(value) is None


@pytest.mark.parametrize(
    "raw,seconds",
    [
        ("0", 0),
        ("90", 90),
        ("90s", 90),
        ("1m", 60),
        ("1m30s", 90),
        ("1h", 3600),
        ("1h0m1s", 3601),
        ("43200", 43200),
        ("", None),
        ("s", None),
        ("1m30", None),
        ("1.5", None),
        ("43201", None),
        ("1h1h", None),
        ("m30s", None),
        ("٣٠", None),  # Arabic-Indic digits are not seconds
    ],
)
def test_parse_start(raw, seconds):
    assert parse_start(raw) == seconds


def test_embed_and_watch_urls_are_built_from_parts_only():
    link = parse_video_url(f"https://m.youtube.com/watch?v={YT}&t=1m30s&utm=<script>")
    assert link is not None
    assert embed_url(link) == f"https://www.youtube-nocookie.com/embed/{YT}?start=90"
    assert watch_url(link) == f"https://www.youtube.com/watch?v={YT}&t=90s"
    assert embed_url(VideoLink("youtube", YT)) == f"https://www.youtube-nocookie.com/embed/{YT}"
    vimeo = parse_video_url("https://vimeo.com/76979871#t=10s")
    assert embed_url(vimeo) == "https://player.vimeo.com/video/76979871#t=10s"
    assert watch_url(vimeo) == "https://vimeo.com/76979871#t=10s"
    assert embed_url(VideoLink("vimeo", "5")) == "https://player.vimeo.com/video/5"


@pytest.mark.parametrize(
    "link",
    [
        VideoLink("youtube", "<script>x</s"),
        VideoLink("vimeo", "12a"),
        VideoLink("dailymotion", "x7tgad0"),
        VideoLink("youtube", YT, -1),
        VideoLink("youtube", YT, 10**9),
    ],
)
def test_hand_made_bad_links_never_become_urls(link):
    with pytest.raises(ValueError):
        embed_url(link)
    with pytest.raises(ValueError):
        watch_url(link)


def test_generic_titles():
    assert generic_title("youtube") == "YouTube video"
    assert generic_title("vimeo") == "Vimeo video"
