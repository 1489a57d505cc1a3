"""The HTML report's bar chart, placed in each WRES sheet of the workbook as a picture.

The same matplotlib figure as the HTML and PDF (so a suppressed group is the same empty,
labelled slot everywhere), drawn to PNG without a timestamp so the workbook stays
byte-for-byte reproducible.
"""

from __future__ import annotations

import io

from openpyxl.drawing.image import Image
from openpyxl.worksheet.worksheet import Worksheet

from surveys.render.charts import bars_figure
from surveys.report_model import WRES_INDICATORS, Indicator, Report

DPI = 80
ANCHOR = "I2"  # right of the figures table, which ends at column G


def chart_png(report: Report, indicator: Indicator) -> bytes:
    buffer = io.BytesIO()
    figure = bars_figure(report, indicator)
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def add_chart(ws: Worksheet, report: Report, indicator: Indicator) -> None:
    """Embed the White/BME bar chart of a WRES indicator; supplementary sheets have none."""
    if indicator not in WRES_INDICATORS:
        return
    picture = Image(io.BytesIO(chart_png(report, indicator)))
    ws.add_image(picture, ANCHOR)
