// The training attendees picker: a search box that hides the people whose name (or
// department) does not match, a "whole department" box per group that ticks or clears the
// group's visible people, and a live count of those chosen. No inline scripts (CSP).
(function () {
  "use strict";

  function boxes(group) {
    return Array.prototype.slice.call(group.querySelectorAll("input[name=people]"));
  }

  function visible(box) {
    return !box.closest("[data-person]").hidden;
  }

  function syncGroup(group) {
    var all = group.querySelector("[data-select-group]");
    if (!all) return;
    var shown = boxes(group).filter(visible);
    var ticked = shown.filter(function (b) { return b.checked; }).length;
    all.checked = shown.length > 0 && ticked === shown.length;
    all.indeterminate = ticked > 0 && ticked < shown.length;
  }

  function count(form) {
    var out = form.querySelector("[data-chosen-count]");
    if (out) out.textContent = form.querySelectorAll("input[name=people]:checked").length;
  }

  function filter(form, text) {
    var needle = text.trim().toLowerCase();
    form.querySelectorAll("[data-group]").forEach(function (group) {
      var dept = (group.getAttribute("data-group") || "").toLowerCase();
      var any = false;
      group.querySelectorAll("[data-person]").forEach(function (cell) {
        var name = (cell.getAttribute("data-person") || "").toLowerCase();
        var match = !needle || name.indexOf(needle) >= 0 || dept.indexOf(needle) >= 0;
        cell.hidden = !match;
        any = any || match;
      });
      group.hidden = !any;
      syncGroup(group);
    });
  }

  function bind(form) {
    var search = form.querySelector("[data-attendee-search]");
    if (search) {
      search.addEventListener("input", function () { filter(form, search.value); });
      // Enter in the search box must not submit the attendees.
      search.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
    }
    form.querySelectorAll("[data-group]").forEach(function (group) {
      var all = group.querySelector("[data-select-group]");
      if (all) {
        all.addEventListener("change", function () {
          boxes(group).filter(visible).forEach(function (b) { b.checked = all.checked; });
          syncGroup(group);
          count(form);
        });
      }
      boxes(group).forEach(function (b) {
        b.addEventListener("change", function () { syncGroup(group); count(form); });
      });
      syncGroup(group);
    });
    count(form);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-attendees-form]").forEach(bind);
  });
})();
