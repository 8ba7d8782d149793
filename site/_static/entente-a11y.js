// Names for folds and toggles, so a screen reader announces what a sighted reader sees (axe-core rules
// summary-name and label-content-name-mismatch).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  // MyST-NB labels a folded cell "Toggle hidden content" whatever its visible text ("Show a worked answer"):
  // without the label, the summary's name is the text it shows.
  document.querySelectorAll("summary[aria-label='Toggle hidden content']").forEach(function (summary) {
    if (summary.textContent.trim()) summary.removeAttribute("aria-label");
  });
  // The theme's side-menu chevron that opens a section is a <summary> with an icon only.
  document.querySelectorAll("summary").forEach(function (summary) {
    if (summary.textContent.trim() || summary.hasAttribute("aria-label")) return;
    var item = summary.closest("li");
    var link = item && item.querySelector("a");
    summary.setAttribute("aria-label", "Show the pages under " + (link ? link.textContent.trim() : "this section"));
  });
});
