"""What a browser sends when a person submits a page's form, for the tests of the entry and
review pages: the form is read from the page as it was drawn (hidden fields, the values
shown, disabled inputs left out), and the test changes only what a person would.

Rows are found by the id each form of a formset carries (``KEYS``), never by position.
"""

from html.parser import HTMLParser

# The hidden field that names a formset form's row, per formset prefix (indicators.forms).
KEYS = {
    "entry": "indicator",
    "activity": "activity",
    "review": "entry",
    "activity-review": "progress",
    "narrative": "objective",
    "narrative-review": "narrative",
}


class _Forms(HTMLParser):
    """Every <form> of a page, as the (name, value) pairs a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._textarea = self._select = None
        self._text: list[str] = []
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append([])
            return
        if not self.forms:
            return
        fields, name = self.forms[-1], attrs.get("name")
        disabled = "disabled" in attrs
        if tag == "input" and name and not disabled:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            fields.append((name, attrs.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea, self._text = (None if disabled else name), []
        elif tag == "select":
            self._select, self._options = (None if disabled else name), []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            text = "".join(self._text)
            # A browser drops the newline that follows <textarea>.
            self.forms[-1].append((self._textarea, text.removeprefix("\r\n").removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected]
            first = [value for value, _selected in self._options[:1]]
            for value in chosen or first:
                self.forms[-1].append((self._select, value))
            self._select = None


class PageForm:
    """The form of a page that holds the field ``holding`` (the first such form)."""

    def __init__(self, html: str, holding: str):
        parser = _Forms()
        parser.feed(html)
        found = [f for f in parser.forms if any(name == holding for name, _value in f)]
        assert found, f"no form with {holding!r} on the page"
        self.fields: dict[str, list] = {}
        for name, value in found[0]:
            self.fields.setdefault(name, []).append(value)

    @classmethod
    def of(cls, client, url: str, holding: str) -> "PageForm":
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return cls(response.content.decode(), holding)

    def name(self, formset: str, pk, field: str) -> str:
        """The name of ``field`` in the form of ``formset`` whose row has id ``pk``."""
        key = KEYS[formset]
        for name, values in self.fields.items():
            head, _dash, tail = name.rpartition("-")
            index = head.removeprefix(f"{formset}-")
            if tail == key and index != head and index.isdigit() and values == [str(pk)]:
                return f"{head}-{field}"
        raise AssertionError(f"no {formset} row {pk} on the page")

    def has(self, formset: str, pk) -> bool:
        try:
            self.name(formset, pk, "x")
        except AssertionError:
            return False
        return True

    def set(self, formset: str, pk, **values) -> "PageForm":
        for field, value in values.items():
            self.fields[self.name(formset, pk, field)] = [value]
        return self

    def tick(self, formset: str, pk, field: str = "select") -> "PageForm":
        return self.set(formset, pk, **{field: "on"})

    def shown(self, formset: str, pk, field: str) -> str | None:
        values = self.fields.get(self.name(formset, pk, field))
        return values[0] if values else None

    def data(self, **extra) -> dict:
        """The POST body (extra: the button pressed, page fields, files)."""
        data = {
            name: values if len(values) > 1 else values[0] for name, values in self.fields.items()
        }
        data.update(extra)
        return data


def formset_data(prefix: str, *forms: dict) -> dict:
    """A formset's fields written by hand (the management form, then each form's fields),
    for posts no page draws: another unit's ids, malformed values."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(forms)), f"{prefix}-INITIAL_FORMS": str(len(forms))}
    for index, fields in enumerate(forms):
        for name, value in fields.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def entry_page_data(*entries: dict, activities=(), narratives=(), **page) -> dict:
    """An entry page POST written by hand: its formsets, and the page's own fields."""
    return {
        **formset_data("entry", *entries),
        **formset_data("activity", *activities),
        **formset_data("narrative", *narratives),
        **page,
    }


def review_page_data(*reviews: dict, activities=(), narratives=(), **page) -> dict:
    """A review page POST written by hand."""
    return {
        **formset_data("review", *reviews),
        **formset_data("activity-review", *activities),
        **formset_data("narrative-review", *narratives),
        **page,
    }
