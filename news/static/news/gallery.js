/* Photo galleries (news/templates/news/blocks/gallery.html) open in PhotoSwipe's lightbox:
   arrows and swipes move between photos, Esc closes, focus stays inside the dialog and goes
   back to the photo it came from. The labels come from the page (Vietnamese, translated by
   Django) through data-label-* attributes. Without this script, or without PhotoSwipe, each
   photo's link opens the full-size image. */
(function () {
  "use strict";
  var galleries = document.querySelectorAll("[data-gallery]");
  if (!galleries.length || !window.PhotoSwipeLightbox || !window.PhotoSwipe) {
    return;
  }
  galleries.forEach(function (gallery) {
    var labels = gallery.dataset;
    var lightbox = new window.PhotoSwipeLightbox({
      gallery: gallery,
      children: "a[data-pswp-width]",
      pswpModule: window.PhotoSwipe,
      bgOpacity: 0.92,
      closeTitle: labels.labelClose,
      zoomTitle: labels.labelZoom,
      arrowPrevTitle: labels.labelPrevious,
      arrowNextTitle: labels.labelNext,
      errorMsg: labels.labelError,
      indexIndicatorSep: " / "
    });
    lightbox.on("uiRegister", function () {
      lightbox.pswp.ui.registerElement({
        name: "caption",
        order: 9,
        isButton: false,
        appendTo: "root",
        onInit: function (element, pswp) {
          element.setAttribute("aria-live", "polite");
          pswp.on("change", function () {
            var figure = pswp.currSlide.data.element &&
              pswp.currSlide.data.element.closest("figure");
            var caption = figure && figure.querySelector("figcaption");
            element.textContent = caption ? caption.textContent.trim() : "";
          });
        }
      });
    });
    lightbox.on("afterInit", function () {
      var root = lightbox.pswp.element;
      root.setAttribute("aria-label", labels.labelDialog);
      root.setAttribute("aria-modal", "true");
      root.querySelectorAll("[aria-roledescription='carousel']").forEach(function (node) {
        node.setAttribute("aria-roledescription", labels.labelCarousel);
      });
      root.querySelectorAll("[aria-roledescription='slide']").forEach(function (node) {
        node.setAttribute("aria-roledescription", labels.labelSlide);
      });
      // Tab and Shift+Tab go round the viewer's buttons and never reach the page behind.
      root.addEventListener("keydown", function (event) {
        if (event.key !== "Tab") {
          return;
        }
        var buttons = Array.prototype.filter.call(root.querySelectorAll("button"),
          function (button) { return !button.disabled && button.offsetParent !== null; });
        if (!buttons.length) {
          return;
        }
        var index = buttons.indexOf(document.activeElement);
        var next = event.shiftKey ? (index <= 0 ? buttons.length - 1 : index - 1)
          : (index + 1) % buttons.length;
        event.preventDefault();
        buttons[next].focus();
      });
    });
    lightbox.init();
  });
})();
