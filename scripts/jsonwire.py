"""A deliberately untidy JSON writer: the bodies a decoder must accept.

Produces valid JSON (RFC 8259) text with random inter-token whitespace,
optional escapes (``\\uXXXX`` for any character, surrogate pairs for astral
ones, ``\\/``), shuffled member order and verbatim number spellings.
"""


class Raw:
    """A number (or any JSON token) emitted verbatim."""

    def __init__(self, text):
        self.text = text


SHORT = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _u(cp, rng):
    h = f"{cp:04x}"
    return "\\u" + (h.upper() if rng.random() < 0.5 else h)


def escape_char(c, rng, level):
    cp = ord(c)
    if c in SHORT and (c in '"\\' or cp < 0x20):
        return SHORT[c] if rng.random() < 0.6 else _u(cp, rng)
    if cp < 0x20:
        return _u(cp, rng)
    if c == "/" and level and rng.random() < (0.3, 0.7)[level - 1]:
        return "\\/"
    if level and rng.random() < ((0.01, 0.25) if cp < 0x80 else (0.5, 0.9))[level - 1]:
        if cp > 0xFFFF:
            v = cp - 0x10000
            return _u(0xD800 + (v >> 10), rng) + _u(0xDC00 + (v & 0x3FF), rng)
        return _u(cp, rng)
    return c


def ws(rng, level):
    if not level or rng.random() < 0.6:
        return ""
    return "".join(rng.choice(" \t\n\r") for _ in range(rng.randint(1, 3)))


def dumps(value, rng, level=1, shuffle=True):
    """level 0: compact, minimal escapes; 1: random whitespace and escapes in values;
    2: heavy escaping, member names escaped too."""
    w = lambda: ws(rng, level)  # noqa: E731
    if isinstance(value, Raw):
        return value.text
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + "".join(escape_char(c, rng, level) for c in value) + '"'
    if isinstance(value, list):
        if not value:
            return "[" + w() + "]"
        return "[" + ",".join(w() + dumps(v, rng, level, shuffle) + w() for v in value) + "]"
    if isinstance(value, dict):
        items = list(value.items())
        if shuffle and level:
            rng.shuffle(items)
        if not items:
            return "{" + w() + "}"
        return "{" + ",".join(w() + dumps(k, rng, max(level - 1, 0)) + w() + ":" + w() + dumps(v, rng, level, shuffle) + w()
                              for k, v in items) + "}"
    raise TypeError(type(value))
