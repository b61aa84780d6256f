/* The section menu is a <details> that phones open by tapping; on wide screens it has no
   summary to tap, so keep it open there (for browsers without ::details-content support). */
(function () {
  "use strict";
  var menu = document.querySelector(".menu-toggle");
  if (!menu || !window.matchMedia) { return; }
  var wide = window.matchMedia("(min-width: 900px)");
  function sync() { if (wide.matches) { menu.open = true; } }
  sync();
  if (wide.addEventListener) { wide.addEventListener("change", sync); }
})();
