"""The committed dataset in data/: loads clean, every excerpt is verbatim, counts are pinned."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from stationmap.records import schema
from stationmap.records.loading import load_dataset
from stationmap.rules.excerpts import NormalisedText

DATA = Path(__file__).resolve().parents[2] / "data"

# Stations per report batch. A change here must be deliberate: a row lost in an edit fails this test.
EXPECTED_PER_BATCH = {"sd-2022-09": 52, "sd-2022-12": 26, "later": 9}
EXPECTED_REPORTED_TOTAL = 102


@pytest.fixture(scope="module")
def result():
    return load_dataset(DATA, display_root=DATA.parent)


def test_real_data_loads_without_errors(result):
    assert result.errors == (), "\n".join(map(str, result.errors))


#: The one warning that is about the machine, not the data: a source accepted through the editor's desk keeps its
#: full text in the editors' local archive (git-ignored), so a checkout without it loads those excerpts unchecked.
ARCHIVE_ABSENT = "is not on this machine (desk/archive/)"


def test_real_data_loads_without_warnings(result):
    # e.g. a claim dated after its source was published, or a source nothing cites
    warnings = [w for w in result.warnings if ARCHIVE_ABSENT not in str(w)]
    assert warnings == [], "\n".join(map(str, warnings))


def test_every_excerpt_occurs_verbatim_in_its_source(result):
    data = result.dataset
    quoted = [e for e in data.evidence if e.excerpt] + [b for b in data.batches.values() if b.excerpt]
    assert quoted, "the seed articles should be quoted"
    for item in quoted:
        source = data.sources[item.source_id]
        text = source.text
        if text is None and source.text_sha256:  # accepted through the desk: the full text is in the local archive
            archived = DATA / schema.ARCHIVE_DIR / f"{source.text_sha256}.txt"
            if not archived.exists():
                continue  # not on this machine: the loader warns that these excerpts are unchecked here
            text = archived.read_text(encoding="utf-8")
        assert text is not None, f"{item} quotes an unstored source"
        assert NormalisedText(text).contains(item.excerpt), f"not verbatim: {item.excerpt[:80]}"


def test_counts_per_batch_are_pinned(result):
    counts = Counter(s.batch for s in result.dataset.stations.values())
    assert dict(counts) == EXPECTED_PER_BATCH
    assert result.dataset.reported_total == EXPECTED_REPORTED_TOTAL


def test_every_station_is_placed(result):
    data = result.dataset
    assert set(data.places) == set(data.stations)


def test_summaries_point_to_a_url_and_excerpts_to_stored_text(result):
    for item in result.dataset.evidence:
        source = result.dataset.sources[item.source_id]
        if item.summary:
            assert source.url.startswith(("http://", "https://"))
        else:  # stored in data/sources/, or archived by the desk (then the source links the original)
            assert source.is_stored or (source.text_sha256 and source.url.startswith(("http://", "https://")))


_ADDRESS = re.compile(r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][a-z]+\s+){0,3}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|"
                      r"Broadway|Boulevard|Blvd|Lane|Drive|Court|Via|Calle|Rue|Straße|strasse)\b")


def test_no_street_addresses_in_station_or_evidence_text(result):
    data = result.dataset
    texts = [(s.station_id, " ".join((s.label, s.city, s.region, s.notes))) for s in data.stations.values()]
    texts += [(e.evidence_id, " ".join((e.summary, e.notes, e.claimant))) for e in data.evidence]
    offenders = [(key, m.group(0)) for key, text in texts if (m := _ADDRESS.search(text))]
    assert offenders == []


# What a newsroom needs to cite the data (issue: sources a newsroom can cite). Ceilings that only go down.
# The goal is at most 10 sources without a headline and 5 undated; these ceilings are where the stored record of the
# reporting ran out (each such source says why in its title or date note). The headline ceiling rose twice: 10 to 16
# when an audit found recorded titles that no stored page shows (taken from the address) and marked them unknown, and
# 14 to 15 for N1, cited without a headline because its words (Croatia's "no information") decide a claim's type. It
# came down to 14 when Il Foglio's own headlined follow-up and La Nazione's reports replaced its headline-less scoop.
# It rose to 15 for realtimenews.ro (issue 27): the only stored page that states Dobroești's local authorities'
# denial in so many words shows no headline, and Europa Liberă's headlined page stops before the mayor's words.
MAX_WEB_SOURCES_WITHOUT_HEADLINE = 15
MAX_UNDATED_SOURCES = 4
MAX_WEAK_STATIONS = 3
MIN_CLAIMS_FROM_2023 = 45
PRIVATE_NAMES = ("chen jinping", "lu jianwang", "jinping", "jianwang", "loon fung", "동방명주", "wang haijun",
                 "xixi li")  # never in any field or id

# Titles that read word for word like their own address. Each was seen as text on a stored page (December 2026
# audit); a title that was only taken from an address is not a headline, so a new one must be checked and listed here.
TITLES_MATCHING_THEIR_ADDRESS_CHECKED_ON_A_PAGE = frozenset({
    "adnkronos-2022-12-piantedosi-checks-under-way-ready-to-sanction",
    "africacheck-2018-11-no-chinese-police-stations-south-africa",
    "aftonbladet-avtal-tyder-pa-kinesisk-polis-i-stockholm",
    "amac-2-more-secret-ccp-police-stations-discovered",
    "ap-kvia-2024-12-manhattan-man-pleads-guilty-police-station",
    "ap-thehill-2023-04-china-calls-police-station-accusations-groundless",
    "bloomberg-businesslive-2023-04-london-station-uk-probe",
    "cityam-2023-06-china-told-uk-police-stations-must-not-operate",
    "coinlib-2022-10-china-illegal-police-station-stockholm",
    "ctv-2024-03-montreal-centres-sue-rcmp-defamation",
    "ctvnews-2022-10-rcmp-investigating-police-stations-ontario",
    "ctvnews-2022-12-vancouver-secret-chinese-police-station",
    "dailynewshungary-2022-10-illegal-chinese-police-station-budapest",
    "darpanmagazine-vancouver-has-chinese-police-station-report",
    "dnoticias-2022-10-albuquerque-estupefacto-esquadra-chinesa",
    "eldinamo-2022-10-la-moneda-investigacion-comisaria-china-vina-del-mar",
    "euronews-2022-12-china-closes-two-police-stations-prague",
    "expresso-2022-10-ministerio-publico-investiga-esquadras",
    "expresso-2022-11-brigada-antiterrorismo-da-pj-investiga-esquadras",
    "fox26houston-2023-04-six-more-illegal-chinese-police-stations",
    "franceinfo-chine-en-france-postes-de-police-clandestins",
    "hamodia-2022-12-china-running-secret-police-station-israel",
    "idomavoice-2022-10-china-police-station-nigeria",
    "ilfoglio-2022-12-polizia-cinese-primo-banco-di-prova-esteri-meloni",
    "infobae-2022-12-china-opera-mas-de-100-estaciones-policiales",
    "intellinews-2022-12-croatia-and-serbia-deny-chinese-police",
    "irishtimes-2022-09-chinese-police-outpost-in-dublin",
    "irishtimes-2022-10-chinese-police-station-dublin-ordered-to-shut",
    "irishtimes-2022-10-dutch-ministry-to-investigate-stations",
    "irishtimes-2022-12-more-than-100-unofficial-chinese-police-stations",
    "kronehit-2022-11-eu-weit-taetig-im-geheimen",
    "lanazione-2022-09-porte-chiuse-chinatown-stazione-polizia-cinese",
    "liberation-2022-12-postes-de-police-chinois-aubervilliers-paris",
    "mwananchi-2022-10-kairuki-china-no-plan-police-stations-tanzania",
    "nationalpost-2023-02-rcmp-disruption-chinese-police-stations",
    "netherlandsnewslive-czechs-say-china-closed-two-stations",
    "newsbreakworld-2018-11-china-not-opening-police-stations-sa",
    "newsweek-argentina-2022-12-policia-secreta-china-dos-sedes-buenos-aires",
    "notizie247-2022-12-le-102-stazioni-segrete-polizia-cinese",
    "offenbach-post-2022-11-keine-strafanzeigen-chinesische-polizeistationen",
    "postoj-nelegalna-cinska-policajna-stanica-aj-na-slovensku",
    "reuters-2022-12-japan-looks-into-claim-china-running-covert-police-stations",
    "ripples-nigeria-2022-10-china-police-stations-nigeria-lesotho",
    "rtp-madeira-2022-09-cotrim-de-figueiredo-esquadra-chinesa-madeira",
    "sackanken-mystere-la-police-chinoise-enquete-en-grece",
    "securityinfowatch-2023-04-two-arrested-secret-police-station",
    "seznamzpravy-2022-12-v-cesku-snad-maji-cinske-stanice-utrum",
    "sol-2022-09-il-garante-haver-esquadras-chinesas-em-portugal",
    "sreporterblog-2022-10-china-open-police-station-in-nigeria",
    "theatlasnews-co-brief-2024-02-22-japanese-police-search",
    "theepochtimes-2022-10-scotland-first-minister-police-stations",
    "theepochtimes-2024-02-seoul-police-raid-suspected-station",
    "thestar-2022-11-rcmp-investigate-chinese-police-stations",
    "thetimes-2022-10-china-accused-secret-police-station-glasgow",
    "timesofisrael-2022-12-china-secret-police-centers-including-israel",
    "unitedvoice-2023-04-chinas-secret-locations-in-united-states",
    "uol-2022-12-china-tem-tres-delegacias-clandestinas-no-brasil",
    "wasafimedia-uhamiaji-yakanusha-uwepo-wa-kituo-cha-polisi",
    "wikipedia-chinese-police-overseas-service-stations",
})


def _no_headline(title: str) -> bool:
    """A title that describes the source in brackets because its headline is not on record (a headline with a
    withheld name, such as "[district withheld] ...", is still a headline)."""
    return title.startswith("[") and title.endswith("]")


def test_web_sources_carry_their_headlines(result):
    web = [s for s in result.dataset.sources.values() if s.url]
    missing = [s.source_id for s in web if _no_headline(s.title)]
    assert len(missing) <= MAX_WEB_SOURCES_WITHOUT_HEADLINE, missing
    for source_id in missing:  # each says why
        title = result.dataset.sources[source_id].title
        assert "headline unknown:" in title or "headline withheld:" in title, title


def _words(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def test_titles_that_read_like_their_address_were_checked_on_a_page(result):
    web = [s for s in result.dataset.sources.values() if s.url and not _no_headline(s.title)]
    like_address = {s.source_id for s in web
                    if len(_words(s.title).split("-")) >= 4 and _words(s.title) in _words(s.url)}
    assert like_address - TITLES_MATCHING_THEIR_ADDRESS_CHECKED_ON_A_PAGE == set()


def test_glosses_only_translate_titles(result):
    for source in result.dataset.sources.values():
        if _no_headline(source.title):
            assert source.title_gloss == "", source.source_id  # nothing to translate
        notes = re.search(r"(?i)\b(slug|url|stored copy|inferred|address|published|date|likely)\b", source.title_gloss)
        assert notes is None, (source.source_id, source.title_gloss)  # such notes belong in date or reliability notes


def test_sources_are_dated_or_say_why_not(result):
    undated = [s for s in result.dataset.sources.values() if s.published is None]
    assert len(undated) <= MAX_UNDATED_SOURCES, [s.source_id for s in undated]
    assert all(s.date_inferred for s in undated)


def test_few_stations_rest_on_weak_sources_only(result):
    weak = [sid for sid in result.dataset.stations if result.dataset.rests_on_weak_sources(sid)]
    assert len(weak) <= MAX_WEAK_STATIONS, weak


def test_the_story_goes_on_after_2022(result):
    later = [e for e in result.dataset.evidence if e.effective_date and e.effective_date.year >= 2023]
    assert len(later) >= MIN_CLAIMS_FROM_2023


def test_reliability_notes_are_about_each_source(result):
    notes = Counter(s.reliability_note for s in result.dataset.sources.values())
    assert notes.most_common(1)[0][1] <= 3, notes.most_common(3)  # no boilerplate sentence


_URL_DEBRIS = {"amp", "staging", "feeds", "www", "html", "htm", "shtml", "php", "aspx", "com", "org", "net", "io"}


def test_ids_are_clean_whole_word_slugs(result):
    data = result.dataset
    ids = list(data.stations) + list(data.sources) + [e.evidence_id for e in data.evidence]
    for identifier in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", identifier) and len(identifier) <= 100, identifier
        assert "seed" not in identifier.split("-")[1:] or identifier.startswith("seed-"), identifier
    for identifier in ids:  # no long numbers or hashes copied from an address
        assert not any(re.fullmatch(r"\d{5,}|(?=[a-f]*\d)(?=\d*[a-f])[0-9a-f]{8,}", word)
                       for word in identifier.split("-")), identifier
    for identifier in data.sources:  # a source id names the outlet, not the pieces of its web address
        assert not set(identifier.split("-")) & _URL_DEBRIS, identifier


def test_no_private_names_and_no_internal_jargon_anywhere(result):
    for path in DATA.glob("*.csv"):
        text = path.read_text(encoding="utf-8").lower()
        for name in PRIVATE_NAMES:
            assert name not in text and name.replace(" ", "-") not in text, (path.name, name)
    for station in result.dataset.stations.values():
        assert "seed" not in station.notes.lower(), station.station_id
        assert not re.match(r"(as for|as above|see )", station.notes.strip().lower()), station.station_id


def test_each_claimant_is_spelled_one_way(result):
    """The panel's "Status set by" line lists claimants by name: one body spelled two ways would appear twice."""
    spellings: dict[str, set[str]] = {}
    for item in result.dataset.evidence:
        spellings.setdefault(item.claimant.casefold(), set()).add(item.claimant)
    assert [names for names in spellings.values() if len(names) > 1] == []
