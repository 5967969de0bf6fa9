"""`gaorpt-audit fetch`: build a region folder from URL lists (issue 21).

urllist (the list) -> index pages expanded (--follow-index) -> per URL: client (polite,
retrying, conditional GET) -> links (inline report or its attachment) -> store
(``<publisher>/<year>.<ext>``, temporary name then rename) -> manifest.json. Nothing here
is imported by ``run`` except ``manifest`` (the failures it lists as PRS001).
"""
