// assessments — shows tử số/mẫu số as a percentage while typing (the server computes it again).
(function () {
  "use strict";
  function parse(text) {
    var t = (text || "").trim().replace(/\s/g, "");
    if (t.indexOf(",") >= 0) { t = t.replace(/\./g, "").replace(",", "."); }
    var n = parseFloat(t);
    return isNaN(n) ? null : n;
  }
  function update(form) {
    var num = parse(form.querySelector("[name=numerator]").value);
    var den = parse(form.querySelector("[name=denominator]").value);
    var out = form.querySelector("output");
    if (num === null || den === null) { out.textContent = "—"; return; }
    if (den <= 0) { out.textContent = "mẫu số phải lớn hơn 0"; return; }
    out.textContent = (Math.round(num * 10000 / den) / 100).toString().replace(".", ",") + "%";
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-ratio]").forEach(function (form) {
      form.addEventListener("input", function () { update(form); });
      update(form);
    });
  });
})();
