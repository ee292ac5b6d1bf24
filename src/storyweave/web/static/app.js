// Progressive enhancement only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // "/" focuses the search box, as on most sites with one.
  const search = document.querySelector(".quick-search input");
  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
    if (event.key === "/" && search && !typing) {
      event.preventDefault();
      search.focus();
    }
  });
  // Clicking a claim row keeps it highlighted, to follow one claim across the sources' columns.
  for (const row of document.querySelectorAll("tr.claim")) {
    row.addEventListener("click", () => row.classList.toggle("selected"));
  }
  // Changing a filter menu applies it straight away.
  for (const select of document.querySelectorAll("#filters select")) {
    select.addEventListener("change", () => select.form.submit());
  }
});
