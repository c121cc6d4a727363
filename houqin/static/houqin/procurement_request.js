// The procurement request: the total of the lines (quantity × estimated unit price) while
// typing, and how far it goes above the chosen department's remaining budget. The server
// checks again; this only helps the person filling the form. No inline scripts (CSP).
(function () {
  "use strict";

  function number(input) {
    var value = parseFloat(String(input ? input.value : "").replace(/,/g, ""));
    return isNaN(value) ? 0 : value;
  }

  function money(value) {
    return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function linesTotal(form) {
    var total = 0;
    form.querySelectorAll("tr[data-line]").forEach(function (row) {
      var quantity = row.querySelector("input[name$='-quantity']");
      var price = row.querySelector("input[name$='-unit_price_yuan']");
      total += Math.round(number(quantity) * number(price) * 100) / 100;
    });
    return total;
  }

  function remaining(form) {
    var select = form.querySelector("select[name='department']");
    if (!select || !select.value) return null;
    var row = document.querySelector("tr[data-department='" + select.value + "'][data-remaining]");
    return row ? parseFloat(row.getAttribute("data-remaining")) : null;
  }

  function update(form) {
    var total = linesTotal(form);
    var out = form.querySelector("[data-lines-total]");
    if (out) out.textContent = money(total);
    var left = remaining(form);
    var over = form.querySelector("[data-over-budget]");
    if (!over) return;
    over.hidden = left === null || total <= 0 || total <= left;
    if (!over.hidden) over.querySelector("[data-over-amount]").textContent = money(total - left);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-request-form]").forEach(function (form) {
      form.addEventListener("input", function () { update(form); });
      form.addEventListener("change", function () { update(form); });
      update(form);
    });
  });
})();
