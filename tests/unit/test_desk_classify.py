"""Every keyword rule of the desk fires on its own example, and nothing fires on a plain sentence."""

from __future__ import annotations

import re

import pytest

from stationmap.desk.classify import RULES, UNCLASSIFIED, suggest
from stationmap.records.schema import CLAIM_VALUES

EXAMPLES = {
    "court_finding/en": "The man pleaded guilty to acting as an agent of China at the Manhattan station.",
    "court_finding/zh": "法院判决该男子在纽约设立警务站罪名成立。",
    "arrest_or_charge/en": "Two men were arrested in connection with the New York station.",
    "arrest_or_charge/zh": "两名男子因纽约警务站被捕。",
    "ordered_closed/en": "The ministry ordered the Amsterdam office to close immediately.",
    "ordered_closed/zh": "荷兰外交部下令关闭阿姆斯特丹的站点。",
    "investigation_opened/en": "Police in Dublin are investigating the site.",
    "investigation_opened/zh": "警方已对都柏林的站点展开调查。",
    "acknowledged_service_centre/en": "The embassy said it was a volunteer centre for citizens.",
    "acknowledged_service_centre/zh": "大使馆称这是为侨胞提供帮助的服务中心。",
    "officially_denied/en": "The embassy denied that any such station exists in the country.",
    "officially_denied/zh": "大使馆表示该站点根本不存在。",
    "no_knowledge/en": "The ministry said it had no knowledge of a station in Zagreb.",
    "no_knowledge/zh": "外交部称对此不知情。",
    "visited_found_nothing/en": "Reporters who went to the address found an ordinary restaurant.",
    "visited_found_nothing/zh": "记者前往该地址，并无任何警务站的迹象。",
    "host_found_no_police_activity/en": "A police check found no evidence of illegal activity at the centre.",
    "host_found_no_police_activity/zh": "警方检查后称该中心并非警务站。",
    "host_found_nothing/en": "A police search found no station at the listed address.",
    "host_found_nothing/zh": "警方在所列地址未发现任何站点。",
    "operator_description/en": "The association's president said volunteers answered questions about documents.",
    "operator_description/zh": "当地侨团负责人说他们只帮助同胞。",
    "confirmed_trial_operation/en": "Chinese state media said the station began trial operation in 2018.",
    "confirmed_trial_operation/zh": "福州公安称该站点于2018年试运行。",
    "reported/en": "Safeguard Defenders named the city in its report.",
    "reported/zh": "保护卫士的报告将该市列入其中。",
}


def test_every_rule_has_an_example_and_a_policy_kind() -> None:
    assert {rule.rule_id for rule in RULES} == set(EXAMPLES)
    assert {rule.kind for rule in RULES} <= set(CLAIM_VALUES)
    assert {rule.kind for rule in RULES} == set(CLAIM_VALUES)  # every kind of the policy has rules


@pytest.mark.parametrize("rule_id", sorted(EXAMPLES))
def test_rule_fires_on_its_example_and_decides_it(rule_id: str) -> None:
    found = suggest(EXAMPLES[rule_id])
    assert found.rule_id == rule_id, found
    assert found.kind == rule_id.split("/")[0] and rule_id in found.fired and found.keyword


@pytest.mark.parametrize("text", [
    "The city council met on Tuesday.",
    "Overseas police service stations were in the news.",  # "police service station" is not a service centre
    "该市有一个海外警务服务站。",  # nor is 警务服务站
    "",
])
def test_no_rule_means_unclassified_never_a_default(text: str) -> None:
    found = suggest(text)
    assert (found.kind, found.rule_id, found.fired, found.keyword) == (UNCLASSIFIED, None, (), None)


def test_the_first_rule_in_order_decides_and_every_fired_rule_is_listed() -> None:
    found = suggest("The embassy denied it was a police station and said it was a service centre; "
                    "police are investigating.")
    assert found.kind == "investigation_opened"
    assert found.fired == ("investigation_opened/en", "acknowledged_service_centre/en")


def _needs_a_han_character(pattern: re.Pattern[str]) -> bool:
    """Whether every match of ``pattern`` holds a Han character: its literals are all Han once negative
    look-behinds and gaps (``[^。；]{0,10}``) are set aside, and it cannot match the empty string."""
    source = re.sub(r"\(\?<!.*?\)", "", pattern.pattern)
    source = re.sub(r"\[\^[^\]]*\]\{0,\d+\}", "", source)
    source = re.sub(r"\(\?:|[()|?]", "", source)
    return bool(source) and all("\u4e00" <= ch <= "\u9fff" for ch in source) and not pattern.fullmatch("")


def test_chinese_rules_need_a_han_character_so_passages_without_one_skip_them() -> None:
    assert not _needs_a_han_character(re.compile("认罪|guilty"))
    assert not _needs_a_han_character(re.compile("(?:认罪)?"))
    assert _needs_a_han_character(re.compile("(?:勒令|下令)[^。；]{0,10}(?:关闭|關閉)"))
    chinese = [rule for rule in RULES if rule.rule_id.endswith("/zh")]
    assert len(chinese) == len(RULES) // 2
    assert all(_needs_a_han_character(rule.pattern) for rule in chinese), [
        rule.rule_id for rule in chinese if not _needs_a_han_character(rule.pattern)]


@pytest.mark.parametrize("passage", [
    "Police in Madrid arrested two men; the embassy denied the station existed.",
    "马德里警方逮捕了两人，大使馆否认该站存在。", "Madrid 警方 arrested 两人.", ""])
def test_skipping_the_chinese_rules_changes_no_suggestion(passage: str) -> None:
    every_rule = [(rule.rule_id, match.group(0)) for rule in RULES if (match := rule.pattern.search(passage))]
    result = suggest(passage)
    assert list(result.fired) == [rule_id for rule_id, _ in every_rule]
    assert result.keyword == (every_rule[0][1] if every_rule else None)
