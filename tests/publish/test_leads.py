"""Lead lines: datelines and Markdown removed, sentences split where a reader would."""

from __future__ import annotations

from chinatracker.publish.leads import clean, sentences


def test_datelines_are_removed() -> None:
    assert (
        clean("BEIJING, June 5 (Demo Wire) -- With the approval of the CMC, planes flew.")
        == "With the approval of the CMC, planes flew."
    )
    assert (
        clean("KUALA LUMPUR / SHENZHEN -- The Tencent Foundation delivered.")
        == "The Tencent Foundation delivered."
    )
    assert (
        clean("**Second consignment.** A further 1 million masks.")
        == "Second consignment. A further 1 million masks."
    )


def test_sentences_keep_abbreviated_dates_together() -> None:
    text = "Toyokawa had donated 4,500 masks on Feb. 4, when hospitals ran short. Its mayor asked for some back."
    assert sentences(text) == [
        "Toyokawa had donated 4,500 masks on Feb. 4, when hospitals ran short.",
        "Its mayor asked for some back.",
    ]
