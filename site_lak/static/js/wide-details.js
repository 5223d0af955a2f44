// Panels that fold away on phones (the main menu, the search filters) are <details> elements, closed in
// the HTML so a phone shows the content first. On a wide screen they are open: CSS shows their content
// where ::details-content is supported; this opens them elsewhere. Without JavaScript they still work
// as ordinary <details>.
(function () {
  var wide = window.matchMedia && window.matchMedia("(min-width: 60rem)");
  if (!wide) return;
  function apply() {
    document.querySelectorAll("details[data-wide-open]").forEach(function (panel) {
      if (wide.matches) panel.open = true;
    });
  }
  apply();
  if (wide.addEventListener) wide.addEventListener("change", apply);
})();
