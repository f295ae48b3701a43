"""Arabic for the review workflow: corrections (reopening), trails, separation of duties."""

AR = {
    "approved value": "القيمة المعتمدة",
    "approved numerator": "البسط المعتمد",
    "approved denominator": "المقام المعتمد",
    "approved at": "تاريخ الاعتماد",
    "superseded at": "تاريخ الاستبدال",
    "approved values": "القيم المعتمدة",
    "Evidence can be withdrawn only while the entry is a draft or returned.": (
        "لا يمكن سحب الدليل إلا والقيمة مسودة أو مُعادة."
    ),
    "The entry was reopened for correction; its approved value stays in force.": (
        "أُعيد فتح القيمة للتصحيح؛ وتبقى قيمتها المعتمدة سارية."
    ),
    "The activity's progress was reopened for correction.": "أُعيد فتح تقدّم النشاط للتصحيح.",
    "The evidence file was withdrawn.": "سُحب ملف الدليل.",
    "allow self-approval": "السماح بالاعتماد الذاتي",
    "Where a unit has one person, let the one who submitted also approve; each such approval is marked in the trail and the reports.": (
        "حيث لا يكون في الوحدة إلا شخص واحد، يُسمح لمن قدّم القيمة باعتمادها؛ ويُؤشَّر كل "
        "اعتماد كهذا في السجل وفي التقارير."
    ),
    "Reopened for correction": "أُعيد فتحه للتصحيح",
    "Evidence added": "أُضيف دليل",
    "Evidence withdrawn": "سُحب دليل",
    "review status": "حالة المراجعة",
    "activity progress event": "حدث في تقدّم نشاط",
    "activity progress events": "أحداث تقدّم الأنشطة",
    "risk assessment event": "حدث في تقييم خطر",
    "risk assessment events": "أحداث تقييمات المخاطر",
    "You cannot review this activity's progress.": "لا يمكنك مراجعة تقدّم هذا النشاط.",
    "The comment is too long: at most %(limit)d characters.": (
        "الملاحظة طويلة جدًا: الحد الأقصى %(limit)d حرفًا."
    ),
    "A late entry in a closed period must be approved by a planning admin.": (
        "القيمة المتأخرة في فترة مغلقة يعتمدها مسؤول التخطيط."
    ),
    "You submitted this late entry yourself: a second planning admin must approve it.": (
        "أنت من قدّم هذه القيمة المتأخرة: يجب أن يعتمدها مسؤول تخطيط آخر."
    ),
    "You submitted this yourself: somebody else must approve it.": (
        "أنت من قدّم هذا: يجب أن يعتمده شخص آخر."
    ),
    "Say why the entry is reopened.": "اذكر سبب إعادة الفتح.",
    "Only an approved entry can be reopened for correction.": ("لا يُعاد فتح للتصحيح إلا ما اعتُمد."),
    "corrected": "مصحّحة",
    "under correction": "قيد التصحيح",
    "self-approved": "اعتماد ذاتي",
    "Withdraw": "سحب",
    "Correction": "التصحيح",
    "In force": "السارية",
    "Reason for reopening (required)": "سبب إعادة الفتح (إلزامي)",
    "Approved values in force over time": "القيم المعتمدة السارية عبر الزمن",
    "Approved by": "اعتمدها",
    "Approved at": "تاريخ الاعتماد",
    "Replaced at": "تاريخ الاستبدال",
    "in force": "سارية",
    "Activity progress awaiting review": "تقدّم أنشطة بانتظار المراجعة",
    "Approved in this period": "المعتمد في هذه الفترة",
    "Reopening sends an approved value back to its officer for correction; the approved value stays in force until the correction is approved.": (
        "إعادة الفتح تُرجع القيمة المعتمدة إلى موظفها لتصحيحها؛ وتبقى القيمة المعتمدة سارية "
        "حتى يُعتمد التصحيح."
    ),
    "Title": "العنوان",
    "The risk keeps the approved likelihood and impact until the correction is approved.": (
        "يحتفظ الخطر بالاحتمالية والأثر المعتمدين حتى يُعتمد التصحيح."
    ),
    "Review trail": "سجل المراجعة",
    # The verb on a button (pgettext "verb"), apart from the period's "Reopen".
    "verb\x04Reopen": "أعِد الفتح للتصحيح",
}
