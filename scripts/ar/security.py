"""Arabic for sign-in limits, input checks, mail delivery, sessions and tokens."""

AR = {
    "“%(name)s” must be a whole number written with the digits 0–9.": "«%(name)s» يجب أن يكون عددًا صحيحًا مكتوبًا بالأرقام 0–9.",
    "The request holds a NUL character, which is not allowed.": "يحتوي الطلب على محرف NUL، وهو غير مسموح به.",
    "Bad request": "طلب غير صالح",
    "The request could not be read. Check what you entered and try again.": "تعذّرت قراءة الطلب. راجع ما أدخلته وحاول مجددًا.",
    "The request could not be read.": "تعذّرت قراءة الطلب.",
    "Bad request.": "طلب غير صالح.",
    "The request body is too large.": "جسم الطلب كبير جدًا.",
    "The JSON is nested too deeply.": "JSON متداخل بعمق زائد.",
    "A number can have at most 15 significant digits (for example 12345678901.2345).": "يمكن أن يحتوي العدد على 15 رقمًا معنويًا على الأكثر (مثل 12345678901.2345).",
    "The token has expired; ask for a new one.": "انتهت صلاحية الرمز؛ اطلب رمزًا جديدًا.",
    "recipients": "المستلمون",
    "Try again now": "أعد المحاولة الآن",
    "%(sent)d of %(total)d sent.": "أُرسل %(sent)d من %(total)d.",
    "Waiting to be sent": "بانتظار الإرسال",
    "Failed; will be tried again": "فشل الإرسال؛ ستُعاد المحاولة",
    "Sent": "أُرسلت",
    "Failed for good": "فشل نهائيًا",
    "subject": "الموضوع",
    "body": "النص",
    "attempts": "المحاولات",
    "last error": "آخر خطأ",
    "next attempt": "المحاولة التالية",
    "queued at": "وقت الإدراج في الطابور",
    "sent at": "وقت الإرسال",
    "email delivery": "إرسال بريد",
    "email deliveries": "رسائل البريد المرسلة",
}

AR_PLURAL = {
    "Too many failed sign-ins. Try again in %(minutes)d minute (at %(time)s).": [
        "محاولات دخول فاشلة كثيرة. حاول مجددًا بعد %(minutes)d دقيقة (الساعة %(time)s).",
        "محاولات دخول فاشلة كثيرة. حاول مجددًا بعد دقيقة واحدة (الساعة %(time)s).",
        "محاولات دخول فاشلة كثيرة. حاول مجددًا بعد دقيقتين (الساعة %(time)s).",
        "محاولات دخول فاشلة كثيرة. حاول مجددًا بعد %(minutes)d دقائق (الساعة %(time)s).",
        "محاولات دخول فاشلة كثيرة. حاول مجددًا بعد %(minutes)d دقيقة (الساعة %(time)s).",
        "محاولات دخول فاشلة كثيرة. حاول مجددًا بعد %(minutes)d دقيقة (الساعة %(time)s).",
    ],
}
