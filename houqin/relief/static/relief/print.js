// The print button of the relief papers (no inline script: the pages run under a strict CSP).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
