"""High-contrast, large-type look for a screen read from a metre away with gloves on."""

from __future__ import annotations

MIN_TOUCH_PX = 48

STATION_STYLESHEET = """
QWidget { background: #101010; color: #f5f5f5; font-size: 22px; }
QLabel#prompt { font-size: 46px; font-weight: bold; color: #ffd600; }
QLabel#promptHint { font-size: 28px; color: #ffd600; }
QLabel#location { font-size: 40px; font-weight: bold; }
QLabel#skuName { font-size: 30px; }
QLabel#quantity { font-size: 40px; font-weight: bold; color: #7fdcff; }
QLabel#scaleWeight { font-size: 72px; font-weight: bold; color: #7fdcff; }
QLabel#message { font-size: 30px; font-weight: bold; color: #ff5252; }
QLabel#message[tone="good"] { color: #69f0ae; }
QLabel#message[tone="neutral"] { color: #f5f5f5; }
QLabel#notice { font-size: 30px; font-weight: bold; background: #ff9100; color: #000000;
                padding: 12px; }
QLabel#imagePlaceholder { border: 3px dashed #777777; color: #999999; }
QLabel#operator { font-size: 24px; color: #bdbdbd; }
QLabel#modeTitle { font-size: 28px; font-weight: bold; }
QLineEdit { font-size: 36px; min-height: 56px; border: 3px solid #ffd600; padding: 4px; }
QLineEdit#filter { font-size: 22px; min-height: 40px; border: 2px solid #90a4ae; }
QPushButton { font-size: 24px; min-height: 56px; min-width: 96px; padding: 6px 16px;
              background: #263238; border: 2px solid #90a4ae; }
QPushButton:focus { border: 4px solid #ffd600; }
QTableView { font-size: 22px; gridline-color: #444444; }
QTableView::item { min-height: 48px; }
QHeaderView::section { background: #263238; font-size: 20px; padding: 6px; }
QStatusBar QLabel { font-size: 20px; padding: 0 12px; }
QLabel[state="online"] { color: #69f0ae; }
QLabel[state="offline"] { color: #ff5252; }
QWidget#syncBanner { background: #b71c1c; }
QWidget#syncBanner QLabel { background: #b71c1c; color: #ffffff; font-size: 24px; }
QWidget#crashNotice { background: #ff9100; }
QWidget#crashNotice QLabel { background: #ff9100; color: #000000; font-size: 24px; }
"""

# A small screen (rugged tablets: 1024x600 and up): the same layout with smaller type and
# touch targets that stay at least MIN_TOUCH_PX, so nothing overlaps and the list keeps rows.
COMPACT_HEIGHT_PX = 760
COMPACT_STYLESHEET = """
QLabel#prompt { font-size: 32px; }
QLabel#promptHint { font-size: 22px; }
QLabel#location { font-size: 28px; }
QLabel#skuName { font-size: 22px; }
QLabel#quantity { font-size: 28px; }
QLabel#scaleWeight { font-size: 48px; }
QLabel#step { font-size: 18px; }
QLabel#details { font-size: 20px; }
QLabel#message { font-size: 22px; }
QLabel#notice { font-size: 22px; padding: 6px; }
QLabel#imagePlaceholder { font-size: 16px; }
QLabel#operator { font-size: 20px; }
QLabel#modeTitle { font-size: 22px; }
QLineEdit { font-size: 28px; min-height: 34px; }
QLineEdit#filter { font-size: 20px; min-height: 36px; }
QPushButton { font-size: 20px; min-height: 40px; padding: 2px 10px; }
QStatusBar QLabel { font-size: 18px; padding: 0 8px; }
QHeaderView::section { font-size: 18px; padding: 2px; }
QWidget#syncBanner QLabel { font-size: 18px; }
QWidget#crashNotice QLabel { font-size: 18px; }
"""
