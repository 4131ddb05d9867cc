"""The editor page's HTML: a proposal's passage highlighted in its context, the item's facts, a data row's
cells, the open corrections and each decision's outcome. Pure; escaped by construction
(``Markup(...).format``; links only through ``escaping.safe_url``), since every page the desk ingests and
every cell of the data is untrusted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from markupsafe import Markup

from stationmap.render.escaping import safe_url

CONTEXT = 400  # characters shown either side of the passage

EDITOR_CSS = Markup("""<style>
.ed-context{white-space:pre-wrap;border:1px solid #ccc;padding:.6rem;max-height:24rem;overflow:auto;
font-size:.95rem;line-height:1.45;unicode-bidi:plaintext}
.ed-context mark{background:#ffe58a;padding:0 .1rem}
.ed-ok{background:#e6f4ea;padding:.5rem}.ed-failed{background:#fdecea;padding:.5rem}
.ed-facts dt{font-weight:600}.ed-facts dd{margin:0 0 .3rem 0}
.ed-cells,.ed-list{border-collapse:collapse;width:100%;font-size:.92rem}
.ed-cells th,.ed-cells td,.ed-list th,.ed-list td{border:1px solid #ddd;padding:.25rem .4rem;
text-align:start;vertical-align:top;overflow-wrap:anywhere}
.ed-cells th{width:11rem;font-weight:600;background:#f6f6f6}.ed-empty{color:#777;font-style:italic}
.ed-ids{font-weight:600}
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


def _proposal_counts(proposals: Iterable[Mapping]) -> str:
    counts: dict[str, int] = {}
    for proposal in proposals:
        counts[proposal.get("status", "")] = counts.get(proposal.get("status", ""), 0) + 1
    return ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "none"


def item_facts(item: dict) -> Markup:
    source = item["source"]
    rows = [("Publisher", source.get("publisher") or "unknown"), ("Published", source.get("published") or "not found"),
            ("Language", source.get("language") or "unknown"), ("Address", source.get("url") or "none"),
            ("Text", f"{source.get('text_chars', 0)} characters, archived as {source.get('sha256', '')}"),
            ("Proposals", _proposal_counts(item.get("proposals", [])))]
    rows += [("Warning", w) for w in item.get("warnings", [])]
    return Markup('<dl class="ed-facts">{}</dl>').format(
        Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(k, v) for k, v in rows))


def headline_candidates(candidates: Iterable[Mapping]) -> Markup:
    """The page's headline candidates and where each was found, as text (a hostile page's headline may carry
    Markdown, which ``st.table`` would render)."""
    body = Markup("").join(Markup('<tr><td dir="auto">{}</td><td>{}</td></tr>').format(
        c.get("text", ""), ", ".join(c.get("from", []))) for c in candidates)
    return Markup('{}<table class="ed-list"><thead><tr><th>Headline</th><th>Found in</th></tr></thead>'
                  '<tbody>{}</tbody></table>').format(
        EDITOR_CSS, body or Markup('<tr><td class="ed-empty">(none found)</td><td></td></tr>'))


def outcome_html(ok: bool, message: str, change_ids: Sequence[str] = ()) -> Markup:
    """The command's one line after a decision (as text: it quotes the editor's input), and on success the
    change ids it wrote to changes.csv."""
    ids = (Markup('<div class="ed-ids">Change ids written to changes.csv: {}</div>').format(", ".join(change_ids))
           if ok and change_ids else "")
    return Markup('{}<div role="status" class="{}">{}{}{}</div>').format(
        EDITOR_CSS, "ed-ok" if ok else "ed-failed", "Done: " if ok else "Not done: ",
        message or ("done" if ok else "failed"), ids)


def _cell(value: str) -> Markup:
    return Markup('<span class="ed-empty">(empty)</span>') if not value.strip() else Markup("{}").format(value)


def row_cells(name: str, row: Mapping[str, str]) -> Markup:
    """One data row as a two-column table (column, cell): what ``review edit`` will compare with."""
    rows = Markup("").join(Markup('<tr><th scope="row">{}</th><td dir="auto">{}</td></tr>').format(column,
                                                                                              _cell(value))
                           for column, value in row.items())
    return Markup('{}<table class="ed-cells" aria-label="{}"><tbody>{}</tbody></table>').format(
        EDITOR_CSS, f"The row's cells in {name}", rows)


def _link(value: str) -> Markup:
    url = safe_url(value)
    if url is None:
        return _cell(value)
    return Markup('<a href="{}" rel="noopener noreferrer nofollow" target="_blank">{}</a>').format(url, url)


def corrections_html(rows: Iterable[Mapping[str, str]]) -> Markup:
    """The open corrections: id, received, what they concern, what is wrong, the supporting link (a link only
    when it is an http(s) address)."""
    body = Markup("").join(
        Markup('<tr><td>{}</td><td>{}</td><td dir="auto">{}</td><td dir="auto">{}</td><td>{}</td></tr>').format(
            row.get("correction_id", ""), row.get("received", ""), _cell(row.get("concerns", "")),
            _cell(row.get("what_is_wrong", "")), _link(row.get("supporting_link", "")))
        for row in rows)
    if not body:
        return Markup('{}<p class="ed-empty">No correction is open.</p>').format(EDITOR_CSS)
    return Markup('{}<table class="ed-list"><thead><tr><th>Id</th><th>Received</th><th>Concerns</th>'
                  '<th>What is wrong</th><th>Link</th></tr></thead><tbody>{}</tbody></table>').format(EDITOR_CSS, body)


def problem_html(message: str) -> Markup:
    """A file the page cannot read, in one line (as text: it may quote the file)."""
    return Markup('{}<div role="alert" class="ed-failed">{}</div>').format(EDITOR_CSS, message)
