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

  // The interview timer counts down between page loads; the server keeps the real time and the text without this.
  const timer = document.getElementById("timer");
  if (timer && timer.dataset.secondsLeft) {
    const end = Date.now() + Number(timer.dataset.secondsLeft) * 1000;
    const tick = () => {
      const left = Math.max(0, Math.round((end - Date.now()) / 1000));
      timer.textContent = left > 0 ? `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")} left` : "Time is up: send what you have.";
      timer.classList.toggle("bad", left === 0);
      if (left > 0) window.setTimeout(tick, 1000);
    };
    if (Number(timer.dataset.secondsLeft) > 0) tick();
  }
});
