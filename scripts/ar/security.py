"""Arabic for sign-in limits, input checks, mail delivery, sessions and tokens."""

AR = {}

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
