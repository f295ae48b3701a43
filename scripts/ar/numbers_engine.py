"""Arabic for the achievement engine's figures: the decrease rule, reporting frequency,
coverage and missing quarters, the quarter alone."""

AR = {
    "Increase: actual ÷ target. Decrease: target ÷ actual at or above the target, 100 × (2 − actual ÷ target) below it (200%% at zero). Progress from baseline: (actual − baseline) ÷ (target − baseline). Maintain: 100%% inside the tolerance band.": "الزيادة: الفعلي ÷ المستهدف. الخفض: المستهدف ÷ الفعلي عند المستهدف أو فوقه، و100 × (2 − الفعلي ÷ المستهدف) دونه (200%% عند الصفر). التقدم من خط الأساس: (الفعلي − الأساس) ÷ (المستهدف − الأساس). المحافظة: 100%% داخل هامش التسامح.",
}
