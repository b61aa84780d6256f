/* Copy-link button: copies the article address; without JavaScript it stays a plain link. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-copy-url]") : null;
    if (!link || !navigator.clipboard) { return; }
    event.preventDefault();
    var status = link.parentNode.querySelector(".share-status");
    navigator.clipboard.writeText(link.getAttribute("data-copy-url")).then(function () {
      if (status) { status.textContent = link.getAttribute("data-copied-text"); }
    }, function () {
      window.location.href = link.href;
    });
  });
})();
