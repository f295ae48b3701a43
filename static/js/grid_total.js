// The entry page's grids of cells (docs/disaggregation.md): the total shown as the officer
// types, read as the server reads numbers (Western or Arabic-Indic digits, Arabic decimal
// and thousands separators). The server works the total out again when the grid is saved.
(function () {
  "use strict";
  var DIGITS = { "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9" };
  function parse(text) {
    var plain = "";
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (DIGITS[c]) plain += DIGITS[c];
      else if (c === "٫") plain += ".";
      else if (c === "," || c === "٬" || c === " ") continue;
      else plain += c;
    }
    if (!/^-?\d+(\.\d+)?$/.test(plain.trim())) return null;
    return parseFloat(plain);
  }
  function format(value) {
    var text = (Math.round(value * 100) / 100).toString();
    return text;
  }
  function update(grid) {
    var rule = grid.getAttribute("data-rule");
    var output = grid.querySelector("[data-total]");
    if (!output) return;
    var sums = { value: 0, numerator: 0, denominator: 0 }, any = false;
    grid.querySelectorAll("input[data-cell]").forEach(function (input) {
      var value = parse(input.value || "");
      if (value === null) return;
      any = true;
      sums[input.getAttribute("data-cell")] += value;
    });
    if (!any) { output.textContent = "—"; return; }
    if (rule === "ratio") {
      output.textContent = sums.denominator > 0 ? format(sums.numerator * 100 / sums.denominator) + "%" : "—";
    } else {
      output.textContent = format(sums.value);
    }
  }
  document.querySelectorAll(".entry-grid").forEach(function (grid) {
    grid.addEventListener("input", function () { update(grid); });
    update(grid);
  });
})();
