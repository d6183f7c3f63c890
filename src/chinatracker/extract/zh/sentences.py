"""Chinese sentences: paragraphs are lines, sentences end at 。！？; and their closing quotes.

A paragraph printed a second time is read once. Lines that are page furniture (a source line,
an editor's name, a photo credit, a reporter's byline in brackets) are left out, as the English
splitter leaves out "READ MORE". Offsets point into the stored text.
"""

from __future__ import annotations

import re

from chinatracker.extract.sentences import Sentence

END = re.compile(r"[。！？!?；;]+[”」』\"’）)]*|…{2,}[”」』]*")
FURNITURE = re.compile(
    r"^\s*(?:[(（]?(?:来源|來源|责任编辑|責任編輯|编辑|編輯|原标题|原標題|记者|記者|通讯员|通訊員|"
    r"摄影|攝影|图|圖|图片|圖片|审核|審核|校对|校對|监制|監製|作者|出品|转载|轉載|分享|扫码|掃碼|"
    r"【|相关新闻|相關新聞|延伸阅读|延伸閱讀|推荐阅读|推薦閱讀)|!\[|\[)"
)
# A line with fewer Han characters than this and no final mark is a label, not a sentence.
MIN_LINE_HAN = 8
HAN = re.compile(r"[\u3400-\u9fff]")


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    paragraph = 0
    position = 0
    seen: set[str] = set()
    for line in text.splitlines(keepends=True):
        start, position = position, position + len(line)
        body = line.rstrip("\r\n")
        if not body.strip() or FURNITURE.match(body):
            continue
        key = body.strip()
        if key in seen:
            continue  # scraped pages print a paragraph twice; the first copy is the text
        seen.add(key)
        if len(HAN.findall(body)) < MIN_LINE_HAN and not END.search(body):
            continue
        paragraph += 1
        cursor = start + len(body) - len(body.lstrip())
        line_end = start + len(body.rstrip())
        for match in END.finditer(text, cursor, line_end):
            _add(sentences, text, cursor, match.end(), paragraph)
            cursor = match.end()
        _add(sentences, text, cursor, line_end, paragraph)
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start] in " \t\u3000":
        start += 1
    if end - start >= 2 and HAN.search(text, start, end):
        sentences.append(Sentence(start, end, text[start:end], paragraph))
