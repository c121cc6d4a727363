// The phone scoring page: each item's slider and number move together, and the total
// (points given ÷ total weight × 100) is shown live. No inline scripts (CSP).
(function () {
  "use strict";

  function total(form) {
    var given = 0, weight = 0;
    form.querySelectorAll("input[data-weight]").forEach(function (input) {
      var w = parseFloat(input.getAttribute("data-weight")) || 0;
      var p = parseFloat(input.value);
      weight += w;
      given += isNaN(p) ? 0 : Math.min(Math.max(p, 0), w);
    });
    var out = form.querySelector("[data-evaluation-total]");
    if (out) out.textContent = weight ? (Math.round(given * 1000 / weight) / 10).toFixed(1) : "—";
  }

  function bind(form) {
    form.querySelectorAll("[data-range-for]").forEach(function (range) {
      var number = document.getElementById(range.getAttribute("data-range-for"));
      if (!number) return;
      range.value = number.value;
      range.addEventListener("input", function () { number.value = range.value; total(form); });
      number.addEventListener("input", function () { range.value = number.value; total(form); });
    });
    total(form);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-evaluation-form]").forEach(bind);
  });
})();
