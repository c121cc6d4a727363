// Asking for supplies on a phone: the search box narrows the item list as one types (by
// code, name or specification) and hides the categories left empty. Quantities already
// typed stay in the form, hidden or not. No inline scripts (CSP).
(function () {
  "use strict";

  function filter(form, text) {
    var words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    form.querySelectorAll("[data-item-group]").forEach(function (group) {
      var inGroup = 0;
      group.querySelectorAll("[data-item-name]").forEach(function (item) {
        var name = item.getAttribute("data-item-name").toLowerCase();
        var match = words.every(function (word) { return name.indexOf(word) !== -1; });
        item.classList.toggle("d-none", !match);
        if (match) inGroup += 1;
      });
      group.classList.toggle("d-none", inGroup === 0);
      shown += inGroup;
    });
    var none = form.querySelector("[data-item-none]");
    if (none) none.classList.toggle("d-none", shown > 0);
  }

  function init() {
    document.querySelectorAll("form[data-supplies-ask]").forEach(function (form) {
      var search = form.querySelector("[data-item-search]");
      if (!search) return;
      search.addEventListener("input", function () { filter(form, search.value); });
      // Enter in the search box must not submit the requisition.
      search.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
