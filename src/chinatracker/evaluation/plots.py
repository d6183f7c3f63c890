"""The reliability plot: does an event reported at confidence 0.8 turn out right 8 times in 10?"""

from __future__ import annotations

import textwrap
from pathlib import Path

from chinatracker.evaluation.metrics import Report


def reliability_plot(report: Report, path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bins = report.reliability()
    figure, axis = plt.subplots(figsize=(5, 5), dpi=100)
    axis.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    axis.plot([c for c, _, _ in bins], [r for _, r, _ in bins], marker="o", label="events")
    for confidence, right, n in bins:
        axis.annotate(str(n), (confidence, right), textcoords="offset points", xytext=(4, -10))
    ece = report.expected_calibration_error()
    axis.set_xlabel("confidence reported")
    axis.set_ylabel("share of events right (category, current)")
    axis.set_xlim(0, 1)
    axis.set_ylim(0, 1)
    # The extractor's version names every model, longer than the plot is wide: wrapped at "+".
    heading = "\n".join(textwrap.wrap(title.replace("+", " + "), 72, break_on_hyphens=False))
    if ece is not None:
        heading += f"\nexpected calibration error {ece:.3f}"
    axis.set_title(heading)
    axis.title.set_fontsize(8)
    axis.legend(loc="upper left")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
