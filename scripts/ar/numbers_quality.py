"""Arabic for data quality and for history that stays true (track numbers-quality)."""

AR = {
    # Data quality: fields and settings
    "lowest plausible value": "أدنى قيمة معقولة",
    "highest plausible value": "أعلى قيمة معقولة",
    "data-quality flags": "علامات جودة البيانات",
    "data-quality note": "ملاحظة جودة البيانات",
    "jump factor": "معامل القفزة",
    "A value more than this many times the previous one, or less than the previous one divided by it, must be confirmed.": "القيمة التي تزيد على السابقة بأكثر من هذا العدد من المرات، أو تقل عن السابقة مقسومة عليه، يجب تأكيدها.",
    # Data quality: messages
    "The note is too long.": "الملاحظة طويلة جدًا.",
    "The value is below the lowest plausible value (%(bound)s).": "القيمة دون أدنى قيمة معقولة (%(bound)s).",
    "The value is above the highest plausible value (%(bound)s).": "القيمة فوق أعلى قيمة معقولة (%(bound)s).",
    "The value is more than %(factor)s times the previous one (%(previous)s in %(period)s).": "القيمة أكبر من %(factor)s أضعاف القيمة السابقة (%(previous)s في %(period)s).",
    "The value is less than the previous one (%(previous)s in %(period)s) divided by %(factor)s.": "القيمة أقل من القيمة السابقة (%(previous)s في %(period)s) مقسومة على %(factor)s.",
    "%(explained)s If it is right, confirm it with a note saying why.": "%(explained)s إن كانت صحيحة فأكّدها بملاحظة تبيّن السبب.",
    "Say why this value is right.": "بيّن سبب صحة هذه القيمة.",
    "below the plausible range": "دون النطاق المعقول",
    "above the plausible range": "فوق النطاق المعقول",
    "jump up": "قفزة",
    "sharp drop": "هبوط حاد",
    # Data quality: pages
    "Check": "للتحقق",
    "Why this value is right": "سبب صحة هذه القيمة",
    "Data quality": "جودة البيانات",
    "Officer's note": "ملاحظة الموظف",
    "awaiting review": "بانتظار المراجعة",
    "approved": "معتمدة",
    "Values outside their plausible range or far from the previous one, confirmed by the officer's note.": "قيم خارج نطاقها المعقول أو بعيدة عن سابقتها، أكّدها الموظف بملاحظة.",
    # History that stays true
    "%(then)s (now: %(now)s)": "%(then)s (حاليًا: %(now)s)",
    "organisational unit": "وحدة تنظيمية",
    "strategic goal": "هدف استراتيجي",
    "former name": "اسم سابق",
    "former names": "أسماء سابقة",
    "in force from": "نافذ من",
    "in force until": "نافذ حتى",
    "object": "العنصر",
    "Entered by %(unit)s": "أدخلتها %(unit)s",
}
