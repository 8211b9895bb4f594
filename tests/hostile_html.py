"""Hostile HTML, each with a fragment that must not survive cleaning: shared by the unit and browser tests."""

HOSTILE = [
    ("<p>ok<script>window.__pwned=1</script></p>", "<script"),
    ('<p><img src="x" onerror="window.__pwned=1">图</p>', "onerror"),
    ('<p><a href="javascript:window.__pwned=1">点我</a></p>', "javascript:"),
    ('<p><a href="  JaVaScRiPt:alert(1)">点我</a></p>', "script:"),
    ('<iframe src="https://evil.example/"></iframe><p>正文</p>', "<iframe"),
    ('<form action="https://evil.example/"><input name="pw"></form>', "<form"),
    ('<p style="background:url(javascript:alert(1))">样式</p>', "style="),
    ("<style>body{display:none}</style><p>正文</p>", "<style"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "<meta"),
    ('<p onclick="window.__pwned=1" data-block-key="k1">点</p>', "onclick"),
    ("<svg><script>alert(1)</script></svg>", "<svg"),
    ("<!--[if IE]><script>alert(1)</script><![endif]-->", "<!--"),
]
