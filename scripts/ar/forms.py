"""Arabic for the entry and review pages' formsets (track: forms)."""

AR = {
    "The page was sent incomplete or altered. Reload it and enter the values again.": (
        "وصلت الصفحة ناقصة أو معدَّلة. أعد تحميلها وأدخل القيم مرة أخرى."
    ),
}
