/* The guide's section nav: marks the section being read and, on phones, folds the
   contents into a bar that stays at the top. Without this script the contents are a
   plain list of links. */
(function () {
  "use strict";

  var nav = document.getElementById("toc");
  if (!nav || !("IntersectionObserver" in window)) return;
  var toggle = nav.querySelector(".toc__toggle");
  var label = nav.querySelector(".toc__current");
  var links = Array.prototype.slice.call(nav.querySelectorAll("ol a[href^='#']"));
  var sections = links
    .map(function (link) { return document.getElementById(link.hash.slice(1)); })
    .filter(Boolean);
  var visible = {};

  function mark(id) {
    links.forEach(function (link) {
      if (link.hash === "#" + id) {
        link.setAttribute("aria-current", "location");
        if (label) label.textContent = link.textContent;
      } else {
        link.removeAttribute("aria-current");
      }
    });
  }

  function close() {
    nav.classList.remove("toc--open");
    if (toggle) toggle.setAttribute("aria-expanded", "false");
  }

  // A section counts as being read while it crosses a line a third of the way down.
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) { visible[entry.target.id] = entry.isIntersecting; });
    for (var i = 0; i < sections.length; i++) {
      if (visible[sections[i].id]) {
        mark(sections[i].id);
        return;
      }
    }
  }, { rootMargin: "-33% 0px -66% 0px" });
  sections.forEach(function (section) { observer.observe(section); });
  if (sections.length) mark(sections[0].id);

  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = !nav.classList.contains("toc--open");
      nav.classList.toggle("toc--open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  links.forEach(function (link) { link.addEventListener("click", close); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && nav.classList.contains("toc--open")) {
      close();
      if (toggle) toggle.focus();
    }
  });
})();
