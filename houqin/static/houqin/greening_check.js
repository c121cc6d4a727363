// The phone acceptance check: the score (100 less the points of the failed terms, not below 0)
// is shown live as terms are marked passed or failed. No inline scripts (CSP).
(function () {
  "use strict";

  function score(form) {
    var lost = 0;
    form.querySelectorAll("[data-points]").forEach(function (row) {
      var failed = row.querySelector("input[type=radio][value=no]:checked");
      if (failed) lost += parseFloat(row.getAttribute("data-points")) || 0;
    });
    var out = form.querySelector("[data-check-score]");
    if (!out) return;
    var value = Math.max(100 - lost, 0);
    out.textContent = (Math.round(value * 10) / 10).toString();
    var pass = parseFloat(out.getAttribute("data-pass"));
    out.classList.toggle("text-danger", !isNaN(pass) && value < pass);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-greening-check]").forEach(function (form) {
      form.addEventListener("change", function () { score(form); });
      score(form);
    });
  });
})();
