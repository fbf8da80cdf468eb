// ntm — the little JavaScript the pages need; everything works without it.
(function () {
  "use strict";
  // A double click must save once: disable a form's submit buttons once it is submitted.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-allow-resubmit")) { return; }
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
        b.disabled = true; b.setAttribute("aria-busy", "true");
      });
    }, 0);
  });
  // Buttons re-enable when the page is shown again from the back/forward cache.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[aria-busy=true]").forEach(function (b) {
      b.disabled = false; b.removeAttribute("aria-busy");
    });
  });
  // htmx requests carry the CSRF token from the page's meta tag.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector("meta[name=csrf-token]");
    if (meta) { event.detail.headers["X-CSRFToken"] = meta.content; }
  });
})();
