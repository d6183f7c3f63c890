"""Extraction from Chinese text, simplified and traditional.

The same records and taxonomy as the English extractor, from Chinese wording: names of countries
in full and short forms (巴基斯坦, 巴方, 中巴), Chinese actors with their channel, numbers with
万 and 亿 and measure words, dates such as 5月12日和13日 or 上周五, the aid frames 向…提供/捐赠,
运抵 and 交接仪式, and the event cues of docs/annotation.md. Traditional text is read through a
one-to-one character table (reference/scripts.py), so every offset points at the stored text.
Matching is by characters (an Aho-Corasick automaton and regular expressions); no pass needs
word segmentation, which keeps the pass well above 100,000 characters a second.

`analysis.analyse` runs the cheap passes into the same `Analysis` the English frame extractors
and the learned event model read; `extract/pipeline.py` dispatches a document here by its
language.
"""
