"""Arabic for the roll-over, the one-plan rules and the admin (track rollover-admin)."""

AR = {
    # Roll-over
    "Start the next plan from this one": "بدء الخطة التالية من هذه الخطة",
    "Start the next plan": "بدء الخطة التالية",
    "The new plan is a draft with this plan's goals, objectives and indicators, under the same codes, with their weights, responsible units and definitions, and this plan's thresholds, cap and risk bands. Each new indicator continues its predecessor, and its baseline is proposed from the predecessor's last approved year.": "الخطة الجديدة مسودة تضم أهداف هذه الخطة الاستراتيجية وأهدافها الفرعية ومؤشراتها بالرموز نفسها، مع أوزانها والوحدات المسؤولة عنها وتعريفاتها، وعتبات هذه الخطة وسقفها وفئات مخاطرها. كل مؤشر جديد امتداد لسابقه، ويُقترح خط الأساس له من آخر سنة معتمدة للمؤشر السابق.",
    "Targets, reporting periods, values, risks, scenarios and action plans are not copied: the new plan sets its own. Nothing of this plan changes.": "لا تُنسخ المستهدفات ولا فترات الإبلاغ ولا القيم ولا المخاطر ولا السيناريوهات ولا خطط العمل: تضع الخطة الجديدة ما يخصها. ولا يتغير شيء في هذه الخطة.",
    "Enter the plan's name in Arabic.": "أدخل اسم الخطة بالعربية.",
    "Enter the first and the last year.": "أدخل السنة الأولى والسنة الأخيرة.",
    "The last year cannot come before the first year.": "لا يمكن أن تسبق السنة الأخيرة السنة الأولى.",
    "The next plan must start after this one ends (after %(year)s).": "يجب أن تبدأ الخطة التالية بعد انتهاء هذه الخطة (بعد %(year)s).",
    "Another plan already has this code.": "هذا الرمز مستخدم لخطة أخرى.",
    "Only a planning admin can start a new plan.": "لا يبدأ خطة جديدة إلا مسؤول التخطيط.",
    "Started from the previous plan": "بدأت من الخطة السابقة",
    "Copied from %(source)s: goals %(goals)s, objectives %(objectives)s, indicators %(indicators)s, each indicator continuing its predecessor. Set the targets and the reporting periods of the new plan.": "نُسخ من %(source)s: الأهداف %(goals)s، الأهداف الفرعية %(objectives)s، المؤشرات %(indicators)s، وكل مؤشر امتداد لسابقه. حدّد مستهدفات الخطة الجديدة وفترات الإبلاغ فيها.",
    "Baselines proposed from the predecessors' last approved year (check them before the plan is activated):": "خطوط أساس مقترحة من آخر سنة معتمدة للمؤشرات السابقة (راجعها قبل تفعيل الخطة):",
    "Quarters with an approved value": "الفصول ذات القيمة المعتمدة",
    "No predecessor had an approved value: the baselines are those of the previous plan.": "لم تكن لأي مؤشر سابق قيمة معتمدة: خطوط الأساس هي خطوط الخطة السابقة.",
    "continues": "امتداد لـ",
    "Continues": "امتداد لـ",
    "of %(plan)s": "من %(plan)s",
    "Approved actual by year": "الفعلي المعتمد حسب السنة",
    # One plan, one world
    "An indicator continues an indicator of an earlier plan.": "المؤشر امتداد لمؤشر من خطة سابقة فقط.",
    "%(item)s belongs to another plan than %(plan)s.": "%(item)s ينتمي إلى خطة غير %(plan)s.",
    "This code is already used in the plan.": "هذا الرمز مستخدم في الخطة.",
    "The plan has %(what)s outside these years.": "للخطة %(what)s خارج هذه السنوات.",
    # Admin
    "Open the selected periods for entry": "فتح الفترات المحددة للإدخال",
    "Periods opened: %(count)s.": "الفترات التي فُتحت: %(count)s.",
    "Close the selected periods": "إغلاق الفترات المحددة",
    "Periods closed: %(count)s.": "الفترات التي أُغلقت: %(count)s.",
    "A closed period is reopened, with a reason, on the plan's periods page.": "يُعاد فتح الفترة المغلقة، مع ذكر السبب، من صفحة فترات الخطة.",
}
