"""Arabic for the words that share an English spelling with another meaning (pgettext
contexts, plans/vocabulary.py): each meaning has its own Arabic."""

AR = {
    # A reporting period (فترة, feminine) is open; the button on the periods page opens it.
    "period state\x04Open": "مفتوحة",
    "period action\x04Open": "فتح",
    "period action\x04Close": "إغلاق",
    "period action\x04Reopen": "إعادة فتح",
    # The period's trail: what was done, like «فُتحت» and «أُعيد فتحها».
    "period event\x04Closed": "أُغلقت",
    # A risk (خطر, masculine) is still standing or closed.
    "risk status\x04Open": "قائم",
    "risk status\x04Closed": "مغلق",
    # The kind of a register row, not the column heading «الخطر».
    "risk kind\x04Risk": "خطر",
    # A trail line's step, not the state it leads to («مُرسَل», «معتمد», «مُعاد»).
    "trail action\x04Submitted": "أُرسل",
    "trail action\x04Approved": "اعتُمد",
    "trail action\x04Returned": "أُعيد",
    # A user account that can sign in, not a plan in force («نافذة»).
    "account\x04Active": "نشط",
}
