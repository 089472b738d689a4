/* The theme switch. The inline snippet in <head> has already applied a remembered choice
   before the first paint; without a choice the page follows prefers-color-scheme. The
   button says whether the dark theme is on (aria-pressed) and remembers a click. */
(function () {
  "use strict";

  var root = document.documentElement;
  var button = document.querySelector(".theme-toggle");
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  if (!button) return;

  function current() {
    var chosen = root.getAttribute("data-theme");
    if (chosen === "dark" || chosen === "light") return chosen;
    return media && media.matches ? "dark" : "light";
  }

  function show() {
    button.setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
  }

  button.addEventListener("click", function () {
    var next = current() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try {
      localStorage.setItem("theme", next);
    } catch (error) {
      /* storage may be off: the choice lasts for this page only */
    }
    show();
  });
  if (media && media.addEventListener) media.addEventListener("change", show);
  show();
})();
