// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Ask before any form marked data-confirm is submitted (destructive actions).
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }

  // A table's scroll region (partials/table-scroll) is a tab stop, so the keyboard can scroll it,
  // only while the table is wider than its card; otherwise it would be a stop that does nothing.
  const scrollers = document.querySelectorAll(".table-scroll");
  const updateScrollers = () => {
    for (const region of scrollers) {
      if (region.scrollWidth > region.clientWidth) region.setAttribute("tabindex", "0");
      else region.removeAttribute("tabindex");
    }
  };
  updateScrollers();
  window.addEventListener("resize", updateScrollers);
});
