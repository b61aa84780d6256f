/* Live player: the browser's own HLS playback where it has one (Safari, iOS), hls.js on Media
   Source Extensions elsewhere. hls.js loads only the stream's playlist before the reader presses
   play, so a phone spends no video data on a page it only glanced at. A fatal hls.js error, a media element error or
   no way to play HLS at all replaces the player with the page's Vietnamese message. */
(function () {
  "use strict";
  var HLS_TYPE = "application/vnd.apple.mpegurl";

  function setUp(box) {
    var media = box.querySelector("video, audio");
    var failure = box.querySelector(".live-failure");
    var source = box.getAttribute("data-stream");
    var hls = null;
    var failed = false;

    function fail() {
      if (failed) { return; }
      failed = true;
      if (hls) { hls.destroy(); hls = null; }
      media.removeAttribute("src");
      media.load();  // resets the element: a pending play() settles instead of waiting forever
      media.hidden = true;
      failure.hidden = false;
      box.classList.add("live-failed");
    }

    media.addEventListener("error", fail);
    if (media.canPlayType(HLS_TYPE)) {
      media.src = source;
    } else if (window.Hls && window.Hls.isSupported()) {
      // The transmuxing worker is a file from this site: the page's Content-Security-Policy
      // allows no blob: script, which hls.js would otherwise make its worker from.
      hls = new window.Hls({ autoStartLoad: false, lowLatencyMode: false,
                             workerPath: box.getAttribute("data-worker") });
      hls.on(window.Hls.Events.ERROR, function (_event, data) {
        if (data.fatal) { fail(); }
      });
      hls.loadSource(source);
      hls.attachMedia(media);
      media.addEventListener("play", function () {
        if (hls) { hls.startLoad(-1); }
      }, { once: true });
    } else {
      fail();
    }
  }

  var boxes = document.querySelectorAll("[data-live-player]");
  for (var i = 0; i < boxes.length; i += 1) { setUp(boxes[i]); }
}());
