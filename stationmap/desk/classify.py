"""Suggest a claim kind for a passage from transparent keyword rules, one set per kind of the written policy.

Each rule is a named regular expression (English and Chinese, Simplified and Traditional) for one claim
kind of data/README.md's "Which kind of statement is which". Rules are tried in the order below, most
specific first (a court's verdict before an arrest, a service-centre acknowledgement before a denial);
the first that fires is the suggestion, and every rule that fired is recorded so the editor sees why. When
no rule fires the passage is ``unclassified``: the desk never falls back to a default kind. A suggestion is
only a suggestion: the editor chooses the kind when accepting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class Rule:
    rule_id: str  # e.g. "court_finding/en", shown to the editor
    kind: str  # a claim value of the written policy (stationmap.records.schema.CLAIM_VALUES)
    pattern: re.Pattern[str]


def _rule(kind: str, lang: str, pattern: str) -> Rule:
    return Rule(f"{kind}/{lang}", kind, re.compile(pattern, re.IGNORECASE))


RULES: tuple[Rule, ...] = (
    _rule("court_finding", "en", r"\b(?:pleaded guilty|pleads guilty|found guilty|convicted|verdict|sentenced)\b"),
    _rule("court_finding", "zh", r"认罪|認罪|判决|判決|定罪|被判"),
    _rule("arrest_or_charge", "en", r"\b(?:arrest(?:ed|s)?|charged|indicted|indictment|detained)\b"),
    _rule("arrest_or_charge", "zh", r"逮捕|被捕|起诉|起訴|拘留|指控"),
    _rule("ordered_closed", "en", r"\b(?:ordered|orders|forced)\b[^.;]{0,40}\b(?:clos(?:e|ed|ure)|shut)"
          r"|\bclosure (?:was |has been )?ordered\b|\bshut down by\b"),
    _rule("ordered_closed", "zh", r"(?:勒令|下令|责令|責令|要求)[^。；]{0,10}(?:关闭|關閉|关停|關停)"),
    _rule("investigation_opened", "en", r"\b(?:investigat(?:e|es|ed|ing|ion|ions)|inquiry|probe|probing)\b"),
    _rule("investigation_opened", "zh", r"调查|調查|立案|侦查|偵查"),
    _rule("acknowledged_service_centre", "en", r"(?<!police )\b(?:service|volunteer|assistance) (?:centre|center)s?\b"
          r"|\bdriv(?:er's|ing) licen[cs]es?\b"),
    _rule("acknowledged_service_centre", "zh", r"(?<!警务)(?<!警務)(?:服务站|服務站|服务中心|服務中心)|志愿者|志願者"),
    _rule("officially_denied", "en", r"\b(?:den(?:y|ies|ied)|denial)\b[^.;]{0,60}\bexist"
          r"|\bno such (?:station|police station|facilit(?:y|ies)|site)s?\b|\b(?:does|do|did) not exist\b"),
    _rule("officially_denied", "zh", r"否认|否認|不存在|纯属捏造|純屬捏造"),
    _rule("no_knowledge", "en", r"\bno (?:knowledge|information)\b|\bnot aware\b|\bunaware\b"),
    _rule("no_knowledge", "zh", r"不了解|不知情|未掌握|没有掌握|沒有掌握"),
    _rule("visited_found_nothing", "en", r"\b(?:visited|went to|a visit to)\b[^.;]{0,120}"
          r"\b(?:no sign|nothing|no indication|found no|ordinary|no one)\b"),
    _rule("visited_found_nothing", "zh", r"(?:探访|探訪|走访|走訪|前往)[^。；]{0,60}(?:没有|沒有|未见|未見|并无|並無)"),
    _rule("host_found_no_police_activity", "en", r"\bnot an? (?:Chinese )?police station\b"
          r"|\bno (?:evidence of )?(?:illegal|criminal) activit"),
    _rule("host_found_no_police_activity", "zh", r"(?:不是|并非|並非)(?:中国)?(?:警察站|警务站|警務站|派出所)"
          r"|未(?:发现|發現)(?:任何)?(?:违法|違法|犯罪)"),
    _rule("host_found_nothing", "en", r"\bfound no\b|\bno (?:evidence|sign|indication)s? of\b|\bdid not find\b"
          r"|\bno police activit"),
    _rule("host_found_nothing", "zh", r"未发现|未發現|没有发现|沒有發現"),
    _rule("operator_description", "en", r"\b(?:association|federation|organi[sz]ation)'s (?:president|head|chairman)\b"
          r"|\b(?:we|our association) (?:help|helped|provide|provided|offer|offered)\b"),
    _rule("operator_description", "zh", r"侨团|僑團|同乡会|同鄉會|会长|會長"),
    _rule("confirmed_trial_operation", "en", r"\btrial (?:operation|run)s?\b|\bbegan operating\b"
          r"|\bofficially (?:opened|launched|unveiled)\b"),
    _rule("confirmed_trial_operation", "zh", r"试运行|試運行|挂牌|掛牌|揭牌|正式运行|正式運行"),
    _rule("reported", "en", r"\bSafeguard Defenders\b|\b(?:listed|list of)\b"),
    _rule("reported", "zh", r"保护卫士|保護衛士|据报|據報|名单|名單"),
)


#: Every Chinese rule needs at least one Han character (U+4E00-U+9FFF) to fire (a test checks its patterns):
#: a passage without one skips them, which halves the work for the usual English passage.
_HAN = re.compile("[\u4e00-\u9fff]")
_NOT_CHINESE = tuple(rule for rule in RULES if not rule.rule_id.endswith("/zh"))


@dataclass(frozen=True)
class Suggestion:
    kind: str  # a claim value, or "unclassified"
    rule_id: str | None  # the rule that decided it
    fired: tuple[str, ...]  # every rule that fired, in order
    keyword: str | None  # the words that fired the deciding rule


def suggest(passage: str) -> Suggestion:
    """The suggested claim kind for ``passage`` and the rules behind it (see the module docstring)."""
    fired: list[tuple[Rule, str]] = []
    rules = RULES if _HAN.search(passage) else _NOT_CHINESE
    for rule in rules:
        match = rule.pattern.search(passage)
        if match:
            fired.append((rule, match.group(0)))
    if not fired:
        return Suggestion(UNCLASSIFIED, None, (), None)
    rule, words = fired[0]
    return Suggestion(rule.kind, rule.rule_id, tuple(r.rule_id for r, _ in fired), words)
