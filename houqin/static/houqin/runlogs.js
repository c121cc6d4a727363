// The shift entry screen: the anomaly, accident and work-order fields of a unit show only
// while the unit is marked abnormal (without JavaScript they are always shown).
(function () {
  "use strict";
  function sync(card) {
    var abnormal = card.querySelector("[data-status=abnormal]");
    var extra = card.querySelector("[data-abnormal-only]");
    if (abnormal && extra) extra.classList.toggle("d-none", !abnormal.checked);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-run-shift]");
    if (!form) return;
    form.querySelectorAll("[data-testid=unit-card]").forEach(sync);
    form.addEventListener("change", function (e) {
      var card = e.target.closest("[data-testid=unit-card]");
      if (card && e.target.hasAttribute("data-status")) sync(card);
    });
  });
})();
