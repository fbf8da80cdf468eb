"""Every size, margin and font of the ND30 layout, in one place.

Values follow Nghị định 30/2020/NĐ-CP, Phụ lục I (thể thức và kỹ thuật trình bày văn bản hành
chính). Each value carries the decree's range next to it in ``RANGES`` so that an amendment is
a one-line change here and the tests check that every value stays inside its range.
"""

from __future__ import annotations

# --- Page (Phụ lục I, mục I.3) -----------------------------------------------------------
PAGE_WIDTH_MM = 210.0  # A4
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 20.0
MARGIN_BOTTOM_MM = 20.0
MARGIN_LEFT_MM = 30.0
MARGIN_RIGHT_MM = 15.0
HEADER_DISTANCE_MM = 10.0  # the page number sits in the top margin
FOOTER_DISTANCE_MM = 10.0

FONT = "Times New Roman"
LANGUAGE = "vi-VN"

# --- Header (Phụ lục I, mục II.1–II.5) ------------------------------------------------------
HEADER_LEFT_SHARE = 0.4  # the two header columns: issuing body 40 %, national title 60 %
PARENT_BODY_PT = 13.0  # cơ quan chủ quản: upper case, regular
ISSUER_PT = 13.0  # cơ quan ban hành: upper case, bold
ISSUER_RULE_SHARE = 0.4  # short rule under the issuing body: 1/3–1/2 of its longest line
NATIONAL_TITLE_PT = 12.0  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": bold
MOTTO_PT = 14.0  # "Độc lập - Tự do - Hạnh phúc": bold, rule as long as the text
NUMBER_PT = 13.0  # "Số: 25/KH-UBND"
DATE_PT = 14.0  # place and date: italic
OFFICIAL_LETTER_SUBJECT_PT = 12.0  # công văn "V/v …" under Số: regular
DRAFT_MARK_PT = 13.0  # "DỰ THẢO": bold, boxed
URGENCY_PT = 13.0  # "HỎA TỐC", "THƯỢNG KHẨN", "KHẨN": bold
RULE_WIDTH_EIGHTHS = 6  # rule thickness in 1/8 pt (0.75 pt)

# --- Title and opening -----------------------------------------------------------------------
TYPE_NAME_PT = 14.0  # "KẾ HOẠCH": bold, upper case, centred
SUBJECT_PT = 14.0  # trích yếu: bold, centred, short rule under it
SUBJECT_RULE_SHARE = 0.4  # 1/3–1/2 of the trích yếu line
AUTHORITY_TITLE_PT = 14.0  # quyết định: "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …", bold
BASES_PT = 14.0  # căn cứ: italic
RECIPIENTS_PT = 14.0  # "Kính gửi:" and the list
RECIPIENTS_LABEL_INDENT_CM = 2.0
RECIPIENTS_LIST_INDENT_CM = 4.0
TITLE_SPACE_BEFORE_PT = 12.0

# --- Body (Phụ lục I, mục II.6) ---------------------------------------------------------------
BODY_PT = 14.0  # one size throughout the body: 13–14
FIRST_LINE_INDENT_CM = 1.27  # 1 cm or 1.27 cm
SPACE_AFTER_PT = 6.0  # at least 6 pt between paragraphs
LINE_SPACING = 1.0  # single to 1.5 lines
TABLE_PT = 12.0  # text inside body tables

# --- Signature and distribution (Phụ lục I, mục II.7–II.9) ----------------------------------
SIGNATURE_LEFT_SHARE = 0.45  # "Nơi nhận" column; the signature takes the rest
AUTHORITY_PT = 14.0  # "KT. CHỦ TỊCH": bold, upper case
SIGNER_TITLE_PT = 14.0  # "PHÓ CHỦ TỊCH": bold, upper case
SIGNER_NAME_PT = 14.0  # "Đinh Quốc Duy": bold
SIGNATURE_GAP_MM = 30.0  # blank space for signature and seal above the name
DISTRIBUTION_LABEL_PT = 12.0  # "Nơi nhận:": bold italic
DISTRIBUTION_PT = 11.0  # entries: regular
SIGNATURE_SPACE_BEFORE_PT = 6.0

ILLUSTRATIVE_MARK_PT = 10.0  # demo documents: "DỮ LIỆU MINH HỌA" line in the page header

# --- Page numbers -----------------------------------------------------------------------------
PAGE_NUMBER_PT = 14.0  # Arabic, centred in the top margin, none on page 1

# The decree's ranges (inclusive). Tests assert every value above stays inside them.
RANGES: dict[str, tuple[float, float]] = {
    "MARGIN_TOP_MM": (20, 25),
    "MARGIN_BOTTOM_MM": (20, 25),
    "MARGIN_LEFT_MM": (30, 35),
    "MARGIN_RIGHT_MM": (15, 20),
    "PARENT_BODY_PT": (12, 13),
    "ISSUER_PT": (12, 13),
    "ISSUER_RULE_SHARE": (1 / 3, 1 / 2),
    "NATIONAL_TITLE_PT": (12, 13),
    "MOTTO_PT": (13, 14),
    "NUMBER_PT": (13, 13),
    "DATE_PT": (13, 14),
    "OFFICIAL_LETTER_SUBJECT_PT": (12, 13),
    "TYPE_NAME_PT": (13, 14),
    "SUBJECT_PT": (13, 14),
    "SUBJECT_RULE_SHARE": (1 / 3, 1 / 2),
    "BASES_PT": (13, 14),
    "RECIPIENTS_PT": (13, 14),
    "BODY_PT": (13, 14),
    "FIRST_LINE_INDENT_CM": (1.0, 1.27),
    "SPACE_AFTER_PT": (6, 12),
    "LINE_SPACING": (1.0, 1.5),
    "AUTHORITY_PT": (13, 14),
    "SIGNER_TITLE_PT": (13, 14),
    "SIGNER_NAME_PT": (13, 14),
    "SIGNATURE_GAP_MM": (25, 35),
    "DISTRIBUTION_LABEL_PT": (12, 12),
    "DISTRIBUTION_PT": (11, 11),
    "PAGE_NUMBER_PT": (13, 14),
}

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DRAFT_MARK = "DỰ THẢO"
RECIPIENTS_LABEL = "Kính gửi:"
DISTRIBUTION_LABEL = "Nơi nhận:"
OFFICIAL_LETTER_PREFIX = "V/v "
DECISION_WORD = "QUYẾT ĐỊNH:"

# Fonts used to measure text (rule lengths): Liberation Serif has Times New Roman's metrics.
MEASURE_FONTS = {
    (False, False): "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    (True, False): "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
    (False, True): "/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf",
    (True, True): "/usr/share/fonts/truetype/liberation2/LiberationSerif-BoldItalic.ttf",
}
