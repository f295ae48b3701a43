"""Arabic for figures that add up on paper and for activity progress in force (track
figures)."""

AR = {
    "approved percent complete": "نسبة الإنجاز المعتمدة",
    "Actual and target (and the baseline, for progress from a baseline) are shown with the decimals needed to recompute the achievement shown from them to within 0.1 point; whole numbers stay whole.": "تُعرض القيمة الفعلية والمستهدف (وخط الأساس في طريقة التقدم من خط الأساس) بالمنازل العشرية اللازمة لإعادة حساب نسبة الإنجاز المعروضة منها بفارق أقل من 0.1 نقطة، وتبقى الأعداد الصحيحة صحيحة.",
}
