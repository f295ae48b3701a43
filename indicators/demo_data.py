"""Content of the demonstration plan: the Ministry of Interior's 2019–2023 strategic plan.

ILLUSTRATIVE: the goals are the five aims named in the UNDP news item of 31 March 2021
(UNDP Iraq, "UNDP continues to support the Iraqi government's efforts to strengthen internal
security") and the units are the ones it names; objectives, indicators, targets
and values are invented to show how Marsad works. They are not the ministry's figures.
"""

from dataclasses import dataclass

PLAN = {
    "code": "moi-2019-2023",
    "name_ar": "الخطة الاستراتيجية لوزارة الداخلية",
    "name_en": "Ministry of Interior Strategic Plan",
    "vision_ar": "مؤسسة أمنية مهنية تحفظ أمن المواطن وتصون القانون (محتوى توضيحي)",
    "vision_en": "A professional security institution that keeps citizens safe and upholds "
    "the law (illustrative content)",
    "mission_ar": "تعزيز الأمن الداخلي وإنفاذ القانون ومكافحة الفساد وتقديم خدمات أمنية "
    "عالية الجودة للمواطنين",
    "mission_en": "Strengthen internal security, enforce the law, fight corruption and deliver "
    "high-quality security services to citizens",
    "first_year": 2019,
    "last_year": 2023,
}

# (code, parent code, kind, Arabic name, English name)
UNITS = [
    ("moi", None, "ministry", "وزارة الداخلية", "Ministry of Interior"),
    (
        "planning",
        "moi",
        "directorate",
        "المديرية العامة للتخطيط والمتابعة",
        "Directorate General of Planning and Follow-up",
    ),
    (
        "finance-admin",
        "moi",
        "agency",
        "وكالة الوزارة للشؤون المالية والإدارية",
        "Agency for Financial and Administrative Affairs",
    ),
    ("police", "moi", "agency", "وكالة الوزارة لشؤون الشرطة", "Agency for Police Affairs"),
    (
        "intelligence",
        "moi",
        "agency",
        "وكالة الوزارة لشؤون الاستخبارات والتحقيقات الاتحادية",
        "Agency for Intelligence and Federal Investigations",
    ),
    (
        "federal-security",
        "moi",
        "agency",
        "وكالة الوزارة لشؤون الأمن الاتحادي",
        "Agency for Federal Security",
    ),
    (
        "civil-defence",
        "federal-security",
        "directorate",
        "مديرية الدفاع المدني",
        "Civil Defence Directorate",
    ),
    (
        "civil-defence-baghdad",
        "civil-defence",
        "directorate",
        "مديرية الدفاع المدني في بغداد",
        "Baghdad Civil Defence Directorate",
    ),
    ("borders", "federal-security", "command", "قيادة قوات الحدود", "Border Forces Command"),
    (
        "civil-status",
        "police",
        "directorate",
        "مديرية الأحوال المدنية والجوازات والإقامة",
        "Directorate of Civil Status, Passports and Residence",
    ),
]

# username → (role, unit code)
USERS = {
    "planner": ("admin", "planning"),
    "head.civil-defence": ("head", "civil-defence"),
    "officer.civil-defence": ("officer", "civil-defence"),
    "officer.borders": ("officer", "borders"),
    "viewer": ("viewer", "moi"),
}
PASSWORD = "marsad-demo"

# (code, Arabic title, English title)
GOALS = [
    ("G1", "تعزيز الأمن الداخلي واستتباب الأمن العام",
     "Strengthen internal security and public order"),
    ("G2", "تطوير آليات إنفاذ القانون", "Develop law-enforcement mechanisms"),
    ("G3", "مكافحة الفساد", "Fight corruption"),
    ("G4", "تحسين وتطوير خدمات أمنية عالية الجودة للمواطنين",
     "Improve high-quality security services for citizens"),
    ("G5", "بناء مؤسسة أمنية مهنية", "Build a professional security institution"),
]  # fmt: skip

# (code, lead unit, Arabic title, English title)
OBJECTIVES = [
    ("G1.1", "police", "خفض معدلات الجريمة", "Reduce crime"),
    ("G1.2", "borders", "تعزيز أمن الحدود", "Secure the borders"),
    ("G1.3", "civil-defence", "تعزيز الحماية المدنية والاستجابة للكوارث",
     "Strengthen civil protection and disaster response"),
    ("G1.4", "intelligence", "مكافحة الإرهاب والجريمة المنظمة",
     "Counter terrorism and organised crime"),
    ("G2.1", "planning", "تحديث الأنظمة والإجراءات", "Update regulations and procedures"),
    ("G2.2", "intelligence", "تطوير التحقيق والأدلة الجنائية",
     "Develop criminal investigation and forensics"),
    ("G2.3", "police", "تعزيز السلامة المرورية", "Improve road safety"),
    ("G2.4", "police", "حماية الأسرة والطفل ومكافحة الاتجار بالبشر",
     "Protect families and children, combat human trafficking"),
    ("G3.1", "finance-admin", "تعزيز النزاهة والرقابة الداخلية",
     "Strengthen integrity and internal control"),
    ("G3.2", "finance-admin", "الشفافية في العقود والموازنة",
     "Transparency in contracts and the budget"),
    ("G3.3", "planning", "ترسيخ ثقافة النزاهة", "Build a culture of integrity"),
    ("G4.1", "civil-status", "تبسيط خدمات الأحوال المدنية والجوازات",
     "Simplify civil status and passport services"),
    ("G4.2", "planning", "رفع رضا المواطنين عن الخدمات الأمنية",
     "Raise citizens' satisfaction with security services"),
    ("G4.3", "civil-defence", "خدمات السلامة والتوعية للمواطنين",
     "Safety and awareness services for citizens"),
    ("G4.4", "borders", "تحسين خدمات المنافذ والإقامة",
     "Improve border-crossing and residence services"),
    ("G5.1", "finance-admin", "تطوير الموارد البشرية والتدريب",
     "Develop human resources and training"),
    ("G5.2", "planning", "التحول الرقمي", "Digital transformation"),
    ("G5.3", "planning", "التخطيط والمتابعة والتقييم", "Planning, follow-up and evaluation"),
    ("G5.4", "finance-admin", "إدارة الموارد المالية", "Financial resource management"),
]  # fmt: skip


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    title_ar: str
    title_en: str
    unit: str
    measure: str  # number, percentage, ratio, currency, days
    direction: str  # increase, decrease, maintain
    aggregation: str  # sum, last, average
    method: str  # ratio, baseline
    baseline: float | None  # value in 2018, None when there is none
    first: float  # target for 2019
    last: float  # target for 2023
    profile: str = "good"  # good, fair, poor: how reality compares with the target
    tolerance: float | None = None
    quarterly: tuple[float, float, float, float] | None = None  # share of the year per quarter
    volume: int = 0  # for ratios: typical denominator per quarter


S = IndicatorSpec
SEASONAL = (0.2, 0.25, 0.3, 0.25)
EVEN = (0.25, 0.25, 0.25, 0.25)

INDICATORS = [
    # G1.1 Reduce crime
    S("G1.1.1", "عدد الجرائم الجنائية المسجلة", "Recorded criminal offences",
      "police", "number", "decrease", "sum", "ratio", 42000, 40000, 33000, "fair"),
    S("G1.1.2", "نسبة الجرائم المكتشفة إلى المسجلة", "Share of recorded crimes solved",
      "intelligence", "ratio", "increase", "sum", "ratio", 58, 60, 75, "good", volume=9000),
    S("G1.1.3", "متوسط زمن الاستجابة لبلاغات الطوارئ (دقيقة)",
      "Average response time to emergency calls (minutes)",
      "police", "number", "decrease", "average", "baseline", 18, 16, 10, "fair"),
    # G1.2 Secure the borders
    S("G1.2.1", "عدد محاولات التسلل المحبطة", "Infiltration attempts foiled",
      "borders", "number", "increase", "sum", "ratio", None, 120, 200, "good"),
    S("G1.2.2", "نسبة الشريط الحدودي المغطى بالمراقبة الإلكترونية",
      "Share of the border under electronic surveillance",
      "borders", "percentage", "increase", "last", "baseline", 35, 42, 80, "poor"),
    S("G1.2.3", "عدد المخافر الحدودية المؤهلة", "Border posts rehabilitated",
      "borders", "number", "increase", "sum", "ratio", None, 12, 20, "fair", quarterly=SEASONAL),
    S("G1.2.4", "كمية المواد المهربة المضبوطة (طن)", "Contraband seized (tonnes)",
      "borders", "number", "increase", "sum", "ratio", 300, 320, 450, "good"),
    # G1.3 Civil protection
    S("G1.3.1", "متوسط زمن وصول فرق الإطفاء (دقيقة)", "Average arrival time of fire crews (minutes)",
      "civil-defence", "number", "decrease", "average", "ratio", 15, 14, 9, "good"),
    S("G1.3.2", "عدد الوفيات الناجمة عن الحرائق", "Deaths caused by fires",
      "civil-defence", "number", "decrease", "sum", "baseline", 260, 240, 150, "fair"),
    S("G1.3.3", "نسبة المباني الحكومية المستوفية لشروط السلامة",
      "Share of government buildings meeting safety requirements",
      "civil-defence-baghdad", "ratio", "increase", "last", "ratio", 40, 45, 85, "poor",
      volume=600),
    S("G1.3.4", "جاهزية معدات الإطفاء (%)", "Readiness of fire-fighting equipment (%)",
      "civil-defence", "percentage", "maintain", "average", "ratio", 93, 95, 95, "good",
      tolerance=3),
    # G1.4 Terrorism and organised crime
    S("G1.4.1", "عدد العمليات الاستخبارية الاستباقية المنفذة", "Pre-emptive intelligence operations",
      "intelligence", "number", "increase", "sum", "ratio", 900, 1000, 1400, "good"),
    S("G1.4.2", "عدد الحوادث الإرهابية", "Terrorist incidents",
      "intelligence", "number", "decrease", "sum", "ratio", 1100, 900, 400, "good"),
    S("G1.4.3", "نسبة المطلوبين المقبوض عليهم", "Share of wanted persons arrested",
      "intelligence", "ratio", "increase", "sum", "ratio", 30, 35, 60, "fair", volume=1500),
    S("G1.4.4", "كمية المخدرات المضبوطة (كغم)", "Narcotics seized (kg)",
      "intelligence", "number", "increase", "sum", "ratio", None, 2000, 5000, "good"),
    # G2.1 Regulations and procedures
    S("G2.1.1", "عدد الأنظمة والتعليمات المحدثة", "Regulations and instructions updated",
      "planning", "number", "increase", "sum", "ratio", None, 8, 12, "fair"),
    S("G2.1.2", "نسبة الإجراءات الموثقة بأدلة عمل قياسية",
      "Share of procedures documented in standard manuals",
      "planning", "percentage", "increase", "last", "baseline", 20, 30, 90, "fair"),
    S("G2.1.3", "نسبة المنتسبين المدربين على حقوق الإنسان",
      "Share of personnel trained in human rights",
      "police", "ratio", "increase", "last", "ratio", 10, 20, 70, "poor", volume=20000),
    # G2.2 Investigation and forensics
    S("G2.2.1", "نسبة القضايا المدعومة بأدلة جنائية", "Share of cases backed by forensic evidence",
      "intelligence", "ratio", "increase", "average", "ratio", 25, 30, 55, "fair", volume=3000),
    S("G2.2.2", "متوسط مدة إنجاز الفحص الجنائي (يوم)", "Average forensic examination time (days)",
      "intelligence", "days", "decrease", "average", "baseline", 45, 40, 20, "good"),
    S("G2.2.3", "عدد المختبرات الجنائية المعتمدة", "Accredited forensic laboratories",
      "intelligence", "number", "increase", "last", "ratio", 3, 4, 9, "fair"),
    # G2.3 Road safety
    S("G2.3.1", "عدد وفيات حوادث المرور", "Road traffic deaths",
      "police", "number", "decrease", "sum", "baseline", 2700, 2600, 2000, "poor"),
    S("G2.3.2", "عدد المخالفات المرورية المسجلة إلكترونياً", "Traffic violations recorded electronically",
      "police", "number", "increase", "sum", "ratio", None, 150000, 600000, "good"),
    S("G2.3.3", "نسبة التقاطعات الرئيسة المزودة بكاميرات", "Share of main junctions with cameras",
      "police", "percentage", "increase", "last", "ratio", 15, 25, 70, "fair"),
    # G2.4 Family and child protection
    S("G2.4.1", "نسبة بلاغات العنف الأسري المحالة خلال 48 ساعة",
      "Share of domestic-violence reports referred within 48 hours",
      "police", "ratio", "increase", "sum", "ratio", 50, 60, 90, "good", volume=1200),
    S("G2.4.2", "عدد مراكز حماية الأسرة العاملة", "Family protection centres in operation",
      "police", "number", "increase", "last", "ratio", 16, 18, 30, "fair"),
    S("G2.4.3", "عدد قضايا الاتجار بالبشر المحالة إلى القضاء",
      "Human-trafficking cases referred to court",
      "intelligence", "number", "increase", "sum", "ratio", None, 60, 120, "poor"),
    # G3.1 Integrity and internal control
    S("G3.1.1", "عدد قضايا الفساد المحالة إلى القضاء", "Corruption cases referred to court",
      "finance-admin", "number", "increase", "sum", "ratio", 150, 160, 260, "fair"),
    S("G3.1.2", "نسبة توصيات التدقيق المنفذة", "Share of audit recommendations implemented",
      "finance-admin", "ratio", "increase", "last", "ratio", 40, 50, 85, "good", volume=400),
    S("G3.1.3", "متوسط مدة البت في الشكاوى (يوم)", "Average time to decide complaints (days)",
      "finance-admin", "days", "decrease", "average", "ratio", 60, 55, 30, "fair"),
    # G3.2 Transparency
    S("G3.2.1", "نسبة العقود المعلنة عبر البوابة الإلكترونية",
      "Share of contracts published on the e-portal",
      "finance-admin", "percentage", "increase", "last", "baseline", 10, 25, 95, "good"),
    S("G3.2.2", "نسبة المبالغ المستردة من المبالغ المختلسة",
      "Share of embezzled funds recovered",
      "finance-admin", "ratio", "increase", "sum", "ratio", 20, 25, 45, "poor", volume=5000),
    S("G3.2.3", "نسبة الإنفاق الفعلي إلى الموازنة المخططة (%)",
      "Actual spending against the planned budget (%)",
      "finance-admin", "percentage", "maintain", "average", "ratio", 88, 95, 95, "fair",
      tolerance=5),
    # G3.3 Integrity culture
    S("G3.3.1", "نسبة المكلفين الذين قدموا إقرارات الذمة المالية",
      "Share of officials who filed financial disclosures",
      "planning", "ratio", "increase", "last", "ratio", 70, 75, 98, "good", volume=2500),
    S("G3.3.2", "عدد حملات التوعية بالنزاهة", "Integrity awareness campaigns",
      "planning", "number", "increase", "sum", "ratio", None, 12, 24, "good", quarterly=EVEN),
    S("G3.3.3", "نسبة التزام الدوائر بتقديم تقارير النزاهة الفصلية (%)",
      "Units filing quarterly integrity reports on time (%)",
      "planning", "percentage", "increase", "average", "ratio", 60, 70, 95, "fair"),
    # G4.1 Civil status and passports
    S("G4.1.1", "متوسط مدة إصدار البطاقة الوطنية (يوم)", "Average time to issue a national ID card (days)",
      "civil-status", "days", "decrease", "average", "baseline", 30, 25, 7, "fair"),
    S("G4.1.2", "عدد البطاقات الوطنية الموحدة الصادرة", "Unified national ID cards issued",
      "civil-status", "number", "increase", "sum", "ratio", None, 3000000, 5000000, "good",
      quarterly=SEASONAL),
    S("G4.1.3", "متوسط مدة إصدار جواز السفر (يوم)", "Average time to issue a passport (days)",
      "civil-status", "days", "decrease", "average", "ratio", 21, 18, 5, "good"),
    S("G4.1.4", "عدد الخدمات المتاحة إلكترونياً", "Services available online",
      "civil-status", "number", "increase", "last", "ratio", 2, 4, 20, "poor"),
    # G4.2 Citizens' satisfaction
    S("G4.2.1", "نسبة رضا المواطنين عن الخدمات الأمنية (%)",
      "Citizens' satisfaction with security services (%)",
      "planning", "percentage", "increase", "average", "baseline", 55, 58, 75, "fair"),
    S("G4.2.2", "نسبة الشكاوى المعالجة خلال المدة المحددة", "Share of complaints handled on time",
      "planning", "ratio", "increase", "sum", "ratio", 45, 55, 85, "good", volume=2000),
    S("G4.2.3", "متوسط تقييم المراجعين لمراكز الخدمة (من 5)",
      "Average visitor rating of service centres (out of 5)",
      "civil-status", "number", "increase", "average", "baseline", 3.1, 3.3, 4.2, "fair"),
    # G4.3 Safety services
    S("G4.3.1", "عدد حملات التوعية بالسلامة", "Safety awareness campaigns",
      "civil-defence", "number", "increase", "sum", "ratio", 300, 320, 500, "good"),
    S("G4.3.2", "عدد المواطنين المدربين على الإسعافات والإخلاء",
      "Citizens trained in first aid and evacuation",
      "civil-defence-baghdad", "number", "increase", "sum", "ratio", None, 8000, 20000, "fair"),
    S("G4.3.3", "نسبة طلبات إجازات السلامة المنجزة ضمن المدة",
      "Share of safety permits issued on time",
      "civil-defence", "ratio", "increase", "sum", "ratio", 60, 65, 90, "poor", volume=700),
    # G4.4 Border crossings and residence
    S("G4.4.1", "متوسط زمن إنجاز معاملة المسافر في المنافذ (دقيقة)",
      "Average traveller processing time at crossings (minutes)",
      "borders", "number", "decrease", "average", "ratio", 40, 35, 15, "good"),
    S("G4.4.2", "نسبة المنافذ الحدودية المرتبطة بالنظام الإلكتروني",
      "Share of border crossings linked to the electronic system",
      "borders", "percentage", "increase", "last", "ratio", 30, 40, 100, "fair"),
    S("G4.4.3", "عدد إقامات الأجانب الصادرة إلكترونياً", "Residence permits issued online",
      "civil-status", "number", "increase", "sum", "ratio", None, 5000, 25000, "good"),
    # G5.1 Human resources and training
    S("G5.1.1", "عدد المنتسبين المتدربين", "Personnel trained",
      "finance-admin", "number", "increase", "sum", "ratio", 20000, 22000, 35000, "good"),
    S("G5.1.2", "نسبة القادة المؤهلين في التخطيط الاستراتيجي",
      "Share of commanders qualified in strategic planning",
      "planning", "ratio", "increase", "last", "ratio", 5, 10, 60, "fair", volume=800),
    S("G5.1.3", "متوسط ساعات التدريب لكل منتسب", "Average training hours per member of staff",
      "finance-admin", "number", "increase", "average", "ratio", 12, 14, 30, "poor"),
    S("G5.1.4", "نسبة النساء في الملاك (%)", "Women in the workforce (%)",
      "finance-admin", "percentage", "increase", "last", "baseline", 4, 5, 10, "fair"),
    # G5.2 Digital transformation
    S("G5.2.1", "نسبة المديريات المرتبطة بالشبكة الوطنية",
      "Share of directorates linked to the national network",
      "planning", "ratio", "increase", "last", "ratio", 35, 45, 100, "fair", volume=120),
    S("G5.2.2", "نسبة توفر الأنظمة الإلكترونية (%)", "Availability of electronic systems (%)",
      "planning", "percentage", "maintain", "average", "ratio", 97, 99, 99, "good",
      tolerance=0.5),
    S("G5.2.3", "عدد قواعد البيانات المؤتمتة", "Automated databases",
      "planning", "number", "increase", "last", "ratio", 6, 8, 25, "good"),
    # G5.3 Planning, follow-up and evaluation
    S("G5.3.1", "نسبة مؤشرات الخطة المبلغ عنها في موعدها",
      "Share of plan indicators reported on time",
      "planning", "ratio", "increase", "sum", "ratio", 60, 70, 95, "good", volume=62),
    S("G5.3.2", "عدد تقارير الإنجاز الصادرة", "Achievement reports issued",
      "planning", "number", "increase", "sum", "ratio", 2, 5, 5, "good",
      quarterly=(0.2, 0.2, 0.2, 0.4)),
    S("G5.3.3", "نسبة الأنشطة المنفذة من خطط العمل السنوية (%)",
      "Share of annual action-plan activities carried out (%)",
      "planning", "percentage", "increase", "last", "ratio", None, 70, 90, "fair"),
    # G5.4 Finance
    S("G5.4.1", "نسبة تنفيذ الموازنة الاستثمارية (%)", "Execution of the investment budget (%)",
      "finance-admin", "percentage", "increase", "last", "ratio", 45, 60, 90, "poor"),
    S("G5.4.2", "قيمة الوفورات المتحققة (دينار)", "Savings achieved (IQD)",
      "finance-admin", "currency", "increase", "sum", "ratio", None, 2000000000, 6000000000,
      "fair"),
    S("G5.4.3", "مدة إنجاز معاملات الصرف (يوم)", "Time to process payments (days)",
      "finance-admin", "days", "decrease", "average", "ratio", 20, 18, 7, "good"),
]  # fmt: skip

# Indicators whose unit stopped reporting in 2023 (shown as "no value for several quarters").
SILENT_IN_2023 = {"G2.4.3", "G4.1.4"}

DATA_SOURCES = {
    "number": ("سجلات الوحدة المسؤولة", "Records of the responsible unit"),
    "days": ("نظام المعاملات الإلكتروني", "Electronic transactions system"),
    "percentage": ("تقارير المتابعة الفصلية", "Quarterly follow-up reports"),
    "ratio": ("سجلات الوحدة المسؤولة", "Records of the responsible unit"),
    "currency": ("الحسابات الختامية", "Final accounts"),
}
VERIFICATION = ("تقرير موقع من رئيس الوحدة مع الوثائق الداعمة",
                "Report signed by the head of unit with supporting documents")  # fmt: skip

REVIEW_COMMENTS = [
    ("القيمة لا تطابق السجل المرفق، يرجى التدقيق", "The value does not match the attached record"),
    ("يرجى إرفاق وثيقة التحقق", "Please attach the means of verification"),
    ("الرقم أعلى بكثير من الفصل السابق، يرجى التوضيح", "Far above last quarter: please explain"),
]
OFFICER_COMMENTS = [
    ("تم الإنجاز وفق الخطة", "Achieved as planned"),
    ("تأخر بسبب نقص التخصيصات المالية", "Delayed by a shortfall in funding"),
    ("تحسن ملحوظ بعد تطبيق النظام الإلكتروني", "Clear improvement after the electronic system"),
    ("", ""),
]

# Activities per unit: (Arabic title, English title, objective code, owner ar, owner en).
ACTIVITIES = {
    "planning": [
        ("إعداد تقرير الإنجاز السنوي للخطة", "Prepare the plan's annual achievement report",
         "G5.3", "قسم المتابعة والتقييم", "Monitoring and Evaluation Section"),
        ("تحديث دليل مؤشرات الأداء", "Update the performance indicator manual",
         "G5.3", "قسم التخطيط الاستراتيجي", "Strategic Planning Section"),
        ("ربط المديريات بنظام المتابعة الإلكتروني", "Connect directorates to the e-monitoring system",
         "G5.2", "قسم تقنية المعلومات", "IT Section"),
    ],
    "finance-admin": [
        ("تنفيذ برنامج تدريب القيادات الوسطى", "Run the middle-management training programme",
         "G5.1", "مديرية التدريب", "Training Directorate"),
        ("أتمتة معاملات الصرف", "Automate payment processing",
         "G5.4", "الدائرة المالية", "Finance Department"),
        ("تدقيق عقود المشتريات الكبرى", "Audit the major procurement contracts",
         "G3.2", "مكتب التدقيق الداخلي", "Internal Audit Office"),
    ],
    "police": [
        ("نصب كاميرات المراقبة في التقاطعات الرئيسة", "Install cameras at main junctions",
         "G2.3", "مديرية المرور العامة", "General Traffic Directorate"),
        ("افتتاح مراكز جديدة لحماية الأسرة", "Open new family protection centres",
         "G2.4", "مديرية حماية الأسرة والطفل", "Family and Child Protection Directorate"),
        ("تحديث نظام بلاغات الطوارئ", "Upgrade the emergency call system",
         "G1.1", "مديرية العمليات", "Operations Directorate"),
    ],
    "intelligence": [
        ("تأهيل مختبرات الأدلة الجنائية", "Refit the forensic laboratories",
         "G2.2", "مديرية الأدلة الجنائية", "Forensic Evidence Directorate"),
        ("إنشاء قاعدة بيانات موحدة للمطلوبين", "Build a single database of wanted persons",
         "G1.4", "مديرية التحقيقات", "Investigations Directorate"),
        ("تدريب المحققين على التحقيق المالي", "Train investigators in financial investigation",
         "G1.4", "مديرية التحقيقات", "Investigations Directorate"),
    ],
    "civil-defence": [
        ("تجهيز فرق الإطفاء بمعدات حديثة", "Equip fire crews with modern equipment",
         "G1.3", "قسم الإطفاء والإنقاذ", "Fire and Rescue Section"),
        ("حملات التوعية بالسلامة في المدارس", "Safety awareness campaigns in schools",
         "G4.3", "قسم التوعية والإعلام", "Awareness and Media Section"),
        ("تفتيش المباني الحكومية", "Inspect government buildings",
         "G1.3", "قسم الوقاية", "Prevention Section"),
    ],
    "civil-defence-baghdad": [
        ("تدريب المتطوعين على الإخلاء", "Train volunteers in evacuation",
         "G4.3", "شعبة التدريب", "Training Branch"),
        ("تفتيش الأسواق والمجمعات التجارية", "Inspect markets and shopping centres",
         "G1.3", "شعبة الوقاية", "Prevention Branch"),
    ],
    "borders": [
        ("نصب أبراج المراقبة الإلكترونية", "Install electronic surveillance towers",
         "G1.2", "مديرية الهندسة", "Engineering Directorate"),
        ("تأهيل المخافر الحدودية", "Rehabilitate border posts",
         "G1.2", "مديرية الهندسة", "Engineering Directorate"),
        ("ربط المنافذ بالنظام الإلكتروني", "Link crossings to the electronic system",
         "G4.4", "مديرية المنافذ", "Crossings Directorate"),
    ],
    "civil-status": [
        ("توسيع مراكز إصدار البطاقة الوطنية", "Extend national ID card centres",
         "G4.1", "مديرية البطاقة الوطنية", "National ID Directorate"),
        ("إطلاق خدمات الإقامة الإلكترونية", "Launch online residence services",
         "G4.4", "مديرية الإقامة", "Residence Directorate"),
        ("استبيان رضا المراجعين", "Survey visitor satisfaction",
         "G4.2", "قسم الجودة", "Quality Section"),
    ],
}  # fmt: skip

ERBIL_COURSE = (
    "دورة تدريبية في التخطيط الاستراتيجي لكبار الضباط والمختصين في أربيل (9–17 آذار 2021) "
    "بدعم من برنامج الأمم المتحدة الإنمائي",
    "Strategic planning course for senior officers and specialists in Erbil (9–17 March 2021), "
    "supported by UNDP",
)

# Risks and threats: (code, kind, category, unit, objectives, Arabic, English,
#                     likelihood, impact, Arabic mitigation, English mitigation)
RISKS = [
    ("R01", "threat", "security", "intelligence", ["G1.4"],
     "عودة نشاط الخلايا الإرهابية في المناطق المحررة", "Resurgence of terrorist cells in liberated areas",
     4, 5, "تكثيف العمليات الاستخبارية الاستباقية", "Step up pre-emptive intelligence operations"),
    ("R02", "threat", "security", "borders", ["G1.2"],
     "تسلل عبر الشريط الحدودي غير المراقب", "Infiltration across unmonitored border stretches",
     4, 4, "نصب أبراج المراقبة وتسيير الدوريات", "Install surveillance towers and patrols"),
    ("R03", "risk", "financial", "finance-admin", ["G5.4", "G1.2"],
     "تأخر إطلاق التخصيصات الاستثمارية", "Late release of investment allocations",
     4, 3, "جدولة المشاريع حسب الأولوية والتنسيق مع وزارة المالية", "Prioritise projects; coordinate with the Ministry of Finance"),
    ("R04", "risk", "operational", "civil-defence", ["G1.3"],
     "تقادم معدات الإطفاء وقلة قطع الغيار", "Ageing fire-fighting equipment and scarce spare parts",
     3, 4, "عقود صيانة طويلة الأمد", "Long-term maintenance contracts"),
    ("R05", "risk", "operational", "civil-defence-baghdad", ["G4.3"],
     "ضعف الإقبال على دورات الإخلاء", "Low turnout at evacuation training",
     3, 2, "التنسيق مع المدارس والدوائر", "Coordinate with schools and departments"),
    ("R06", "threat", "security", "police", ["G1.1"],
     "تصاعد الجريمة المنظمة المرتبطة بالمخدرات", "Rise of drug-related organised crime",
     4, 4, "وحدات متخصصة وتبادل المعلومات", "Specialised units and intelligence sharing"),
    ("R07", "risk", "institutional", "planning", ["G5.3"],
     "ضعف التزام الوحدات بمواعيد الإبلاغ", "Units missing their reporting deadlines",
     3, 3, "تذكيرات آلية ومتابعة شهرية", "Automatic reminders and monthly follow-up"),
    ("R08", "risk", "institutional", "finance-admin", ["G5.1"],
     "تسرب الكوادر المدربة", "Loss of trained staff",
     3, 3, "حوافز وظيفية ومسارات ترقية", "Career incentives and promotion paths"),
    ("R09", "risk", "legal", "planning", ["G2.1"],
     "تأخر إقرار التعديلات التشريعية", "Delay in passing legislative amendments",
     3, 3, "التنسيق المبكر مع الدائرة القانونية", "Early coordination with the legal department"),
    ("R10", "risk", "operational", "civil-status", ["G4.1"],
     "انقطاع الربط الشبكي لمراكز البطاقة الوطنية", "Network outages at national ID centres",
     3, 4, "خطوط احتياطية وأنظمة عمل دون اتصال", "Backup lines and offline working"),
    ("R11", "risk", "financial", "civil-status", ["G4.1"],
     "تأخر توريد مستلزمات البطاقة", "Late supply of ID card materials",
     2, 4, "مخزون احتياطي لستة أشهر", "A six-month buffer stock"),
    ("R12", "threat", "security", "intelligence", ["G2.2", "G1.4"],
     "اختراق قواعد بيانات المطلوبين", "Breach of the wanted-persons database",
     2, 5, "تدقيق أمني وتشفير", "Security audit and encryption"),
    ("R13", "risk", "operational", "police", ["G2.3"],
     "أعطال كاميرات المراقبة المرورية", "Traffic camera failures",
     3, 2, "عقد صيانة بمؤشرات أداء", "Maintenance contract with performance terms"),
    ("R14", "risk", "institutional", "finance-admin", ["G3.1", "G3.2"],
     "ضعف استقلالية مكاتب التدقيق الداخلي", "Weak independence of internal audit offices",
     2, 4, "ربط المكاتب بالمفتش العام", "Report to the Inspector General"),
    ("R15", "threat", "security", "borders", ["G4.4"],
     "تهريب الوثائق المزورة عبر المنافذ", "Forged documents smuggled through crossings",
     3, 4, "أجهزة فحص الوثائق وتدريب الموظفين", "Document scanners and staff training"),
    ("R16", "risk", "financial", "civil-defence", ["G1.3", "G4.3"],
     "خفض موازنة الدفاع المدني التشغيلية", "Cuts to the Civil Defence operating budget",
     3, 3, "إعادة ترتيب أولويات الإنفاق", "Reorder spending priorities"),
    ("R17", "risk", "legal", "police", ["G2.4"],
     "عدم إقرار قانون الحماية من العنف الأسري", "Domestic-violence protection law not passed",
     3, 3, "دعم المسودة مع مجلس النواب", "Support the draft with parliament"),
    ("R18", "risk", "operational", "planning", ["G5.2"],
     "ضعف البنية التحتية للشبكة الوطنية", "Weak national network infrastructure",
     3, 4, "خطة تحديث على مراحل", "A phased upgrade plan"),
    ("R19", "threat", "security", "civil-defence", ["G1.3"],
     "حرائق واسعة في فصل الصيف", "Large fires in summer",
     4, 4, "خطط طوارئ صيفية وتعزيز الفرق", "Summer contingency plans and reinforced crews"),
    ("R20", "risk", "institutional", "planning", ["G4.2"],
     "ضعف ثقة المواطنين بنتائج الاستبيانات", "Citizens' distrust of survey results",
     2, 3, "استبيانات مستقلة ونشر النتائج", "Independent surveys; publish the results"),
]  # fmt: skip

# Scenarios: (code, Arabic name, English name, Arabic assumptions, English assumptions, factor)
# The factor moves each year's target towards more (above 1) or less ambitious outcomes.
SCENARIOS = [
    ("baseline", "السيناريو الأساسي", "Baseline",
     "استمرار الأوضاع الأمنية والتخصيصات المالية على مستواها الحالي.",
     "Security conditions and funding continue at their current level.", None),
    ("optimistic", "السيناريو المتفائل", "Optimistic",
     "تحسن الأوضاع الأمنية وزيادة التخصيصات بنسبة 15%.",
     "Security improves and funding rises by 15%.", 1.1),
    ("pessimistic", "السيناريو المتشائم", "Pessimistic",
     "تدهور أمني محدود وخفض التخصيصات بنسبة 20%.",
     "Limited security deterioration and a 20% funding cut.", 0.85),
]  # fmt: skip

# The units' narratives on objectives they lead: (objective, (year, quarter), status, then
# achievements, challenges and their causes, next steps, each as (Arabic, English); English
# may be empty, as an author may write Arabic only).
NARRATIVES = [
    ("G1.3", (2023, 1), "approved",
     ("افتتح مركزان جديدان للدفاع المدني في الكرخ والرصافة، وانخفض زمن الوصول إلى الحوادث.",
      "Two new civil defence centres opened in Karkh and Rusafa; arrival times fell."),
     ("نقص في عجلات الإطفاء الحديثة بسبب تأخر إجراءات التعاقد.",
      "A shortage of modern fire engines, because contracting was delayed."),
     ("استلام عشر عجلات إطفاء جديدة وتوزيعها على المراكز الأبعد.",
      "Receive ten new fire engines and send them to the farthest centres.")),
    ("G1.3", (2023, 2), "approved",
     ("نفذت خمس عشرة تجربة إخلاء في الدوائر الحكومية والمدارس.", ""),
     ("ارتفاع درجات الحرارة زاد من حوادث الحرائق في الأسواق الشعبية.", ""),
     ("تكثيف الدوريات الوقائية في الأسواق خلال أشهر الصيف.", "")),
    ("G1.3", (2023, 3), "approved",
     ("تدريب مئة وعشرين من المنتسبين على الإطفاء والإنقاذ في المباني العالية.",
      "120 staff trained in firefighting and high-rise rescue."),
     ("محدودية التخصيصات المالية للتدريب الخارجي.",
      "Limited funds for training abroad."),
     ("إعداد خطة الاستجابة للفيضانات قبل موسم الأمطار.",
      "Prepare the flood response plan before the rainy season.")),
    ("G4.3", (2023, 3), "approved",
     ("أطلقت حملة توعية بالسلامة المنزلية بلغت أكثر من أربعين ألف مواطن.", ""),
     ("ضعف الإقبال على ورش التوعية في بعض الأقضية البعيدة.", ""),
     ("التعاون مع المدارس لإيصال رسائل السلامة إلى الأسر.", "")),
    ("G1.2", (2023, 3), "approved",
     ("نصبت كاميرات حرارية على ثلاثين كيلومتراً من الشريط الحدودي الغربي.",
      "Thermal cameras now cover thirty kilometres of the western border."),
     ("صعوبة التضاريس وانقطاع الكهرباء في بعض المخافر.",
      "Rough terrain and power cuts at some border posts."),
     ("تزويد المخافر بمنظومات طاقة شمسية.", "Equip the posts with solar power.")),
    ("G1.3", (2023, 4), "draft",
     ("استلمت ست عجلات إطفاء من أصل عشر.", ""),
     ("", ""),
     ("", "")),
]  # fmt: skip

# Disaggregation (docs/disaggregation.md): the dimensions the demo plan defines.
GOVERNORATES = [
    ("baghdad", "بغداد", "Baghdad"),
    ("basra", "البصرة", "Basra"),
    ("nineveh", "نينوى", "Nineveh"),
    ("erbil", "أربيل", "Erbil"),
    ("sulaymaniyah", "السليمانية", "Sulaymaniyah"),
    ("duhok", "دهوك", "Duhok"),
    ("kirkuk", "كركوك", "Kirkuk"),
    ("diyala", "ديالى", "Diyala"),
    ("anbar", "الأنبار", "Anbar"),
    ("babil", "بابل", "Babil"),
    ("karbala", "كربلاء", "Karbala"),
    ("najaf", "النجف", "Najaf"),
    ("wasit", "واسط", "Wasit"),
    ("dhi-qar", "ذي قار", "Dhi Qar"),
    ("maysan", "ميسان", "Maysan"),
    ("muthanna", "المثنى", "Muthanna"),
    ("qadisiyah", "القادسية", "Qadisiyah"),
    ("saladin", "صلاح الدين", "Saladin"),
]
SEXES = [("female", "إناث", "Female"), ("male", "ذكور", "Male")]
DIMENSIONS = [
    ("governorate", "المحافظة", "Governorate", GOVERNORATES),
    ("sex", "الجنس", "Sex", SEXES),
]
