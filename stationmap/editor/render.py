"""The editor page's HTML: a proposal's passage highlighted in its context, the item's facts. Pure; escaped
by construction (``Markup(...).format``), since every page the desk ingests is untrusted."""

from __future__ import annotations

from markupsafe import Markup

CONTEXT = 400  # characters shown either side of the passage

EDITOR_CSS = Markup("""<style>
.ed-context{white-space:pre-wrap;border:1px solid #ccc;padding:.6rem;max-height:24rem;overflow:auto;
font-size:.95rem;line-height:1.45;unicode-bidi:plaintext}
.ed-context mark{background:#ffe58a;padding:0 .1rem}
.ed-ok{background:#e6f4ea;padding:.5rem}.ed-failed{background:#fdecea;padding:.5rem}
.ed-facts dt{font-weight:600}.ed-facts dd{margin:0 0 .3rem 0}
</style>""")


def passage_in_context(text: str | None, start: int, end: int, excerpt: str) -> Markup:
    """The archived text around ``text[start:end]`` with the passage marked; the excerpt alone when the
    archive is missing or no longer matches the offsets."""
    if text is None or text[start:end] != excerpt:
        return Markup('{}<div class="ed-context" dir="auto"><mark>{}</mark></div>').format(EDITOR_CSS, excerpt)
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    return Markup('{}<div class="ed-context" dir="auto">{}{}<mark>{}</mark>{}{}</div>').format(
        EDITOR_CSS, "…" if start > CONTEXT else "", before, text[start:end], after,
        "…" if end + CONTEXT < len(text) else "")


def item_facts(item: dict) -> Markup:
    source = item["source"]
    rows = [("Publisher", source.get("publisher") or "unknown"), ("Published", source.get("published") or "not found"),
            ("Language", source.get("language") or "unknown"), ("Address", source.get("url") or "none"),
            ("Text", f"{source.get('text_chars', 0)} characters, archived as {source.get('sha256', '')}")]
    rows += [("Warning", w) for w in item.get("warnings", [])]
    return Markup('<dl class="ed-facts">{}</dl>').format(
        Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(k, v) for k, v in rows))


def outcome_html(ok: bool, message: str) -> Markup:
    """The command's one line after accept or reject (as text: it quotes the editor's input)."""
    return Markup('{}<div role="status" class="{}">{}</div>').format(
        EDITOR_CSS, "ed-ok" if ok else "ed-failed", message or ("done" if ok else "failed"))
