// Duty pages: the print button, and clearing the note box once htmx has added the note.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.target.closest && event.target.closest("form[data-reset-after]");
  if (form && event.detail.successful) form.reset();
});
