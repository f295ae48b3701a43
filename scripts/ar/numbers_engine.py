"""Arabic for the achievement engine's figures: the decrease rule, reporting frequency,
coverage and missing quarters, the quarter alone."""

AR = {
    "Increase: actual ÷ target. Decrease: target ÷ actual at or above the target, 100 × (2 − actual ÷ target) below it (200%% at zero). Progress from baseline: (actual − baseline) ÷ (target − baseline). Maintain: 100%% inside the tolerance band.": "الزيادة: الفعلي ÷ المستهدف. الخفض: المستهدف ÷ الفعلي عند المستهدف أو فوقه، و100 × (2 − الفعلي ÷ المستهدف) دونه (200%% عند الصفر). التقدم من خط الأساس: (الفعلي − الأساس) ÷ (المستهدف − الأساس). المحافظة: 100%% داخل هامش التسامح.",
    "yearly indicators reported in quarter": "فصل إبلاغ المؤشرات السنوية",
    "The quarter of each year in which yearly indicators report their value.": "الفصل من كل سنة الذي تُبلَّغ فيه قيم المؤشرات السنوية.",
    "Due values reported": "القيم المستحقة المُبلَّغ عنها",
    "Quarter actual": "الفعلي للفصل",
    "Quarter achievement": "إنجاز الفصل",
    "Quarters": "الفصول",
    "(%(reported)s of %(due)s)": "(%(reported)s من %(due)s)",
    "Quarter alone": "الفصل وحده",
    "Objectives, goals and the plan are weighted means of their parts, each clipped to 0–%(cap)s%%; an indicator's coverage is the share of its due quarters with an approved value, and the coverage of the others the weighted mean of their parts'. Green from %(green)s%%, amber from %(amber)s%%, red below.": "الأهداف الفرعية والأهداف والخطة متوسطات موزونة لمكوناتها، يُقص كل منها إلى 0–%(cap)s%%؛ وتغطية المؤشر حصة فصوله المستحقة التي لها قيمة معتمدة، وتغطية غيره المتوسط الموزون لتغطية مكوناته. أخضر من %(green)s%%، أصفر من %(amber)s%%، وأحمر دون ذلك.",
}
