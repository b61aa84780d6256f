/* Count this page view once (even when the HTML came from a cache) and show the latest count.
   The beacon /v/<id> is answered by nginx (production) or Django (embedded) with 204; the
   client id is a first-party cookie so a reload within 60 s counts once. */
(function () {
  "use strict";
  var article = document.querySelector("[data-article-id]");
  if (!article) { return; }
  var id = article.getAttribute("data-article-id");
  if (!/^\d{1,18}$/.test(id)) { return; }
  var cookieName = "tsvid";
  if (!new RegExp("(?:^|; )" + cookieName + "=[A-Za-z0-9_-]{8,64}").test(document.cookie)) {
    var bytes = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    var value = Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
    document.cookie = cookieName + "=" + value + "; Max-Age=31536000; Path=/; SameSite=Lax" +
      (location.protocol === "https:" ? "; Secure" : "");
  }
  function showCount() {
    fetch("/v/" + id + "/count", { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || typeof data.views !== "number") { return; }
        var text = data.views.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
        if (document.documentElement.lang === "km") {  // Khmer digits (core.dates)
          text = text.replace(/[0-9]/g, function (d) { return "០១២៣៤៥៦៧៨៩".charAt(+d); });
        }
        document.querySelectorAll("[data-view-count]").forEach(function (el) {
          el.textContent = text;
        });
      })
      .catch(function () {});
  }
  fetch("/v/" + id, { method: "POST", keepalive: true, credentials: "same-origin" })
    .catch(function () {})
    .then(function () { setTimeout(showCount, 1200); });
})();
