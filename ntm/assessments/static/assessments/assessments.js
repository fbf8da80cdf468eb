// assessments — shows tử số/mẫu số as a percentage while typing (the server computes it again).
(function () {
  "use strict";
  // Read as the server does (ntm/core/numbers.py): "." groups thousands, "," starts decimals;
  // anything else ("1.5", "1,200.5") shows no preview, and the server says how to type it.
  function parse(text) {
    var t = (text || "").trim().replace(/[\s\u00a0\u202f\u2009]/g, "");
    if (!/^(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/.test(t)) { return null; }
    return parseFloat(t.replace(/\./g, "").replace(",", "."));
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
