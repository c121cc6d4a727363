// Houqin page behaviour. No inline scripts anywhere: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // Selects marked data-autosubmit (site and language switchers) submit on change.
  document.addEventListener("change", function (e) {
    var form = e.target.closest("form[data-autosubmit]");
    if (form) form.submit();
  });

  // Buttons with data-confirm ask first.
  document.addEventListener("click", function (e) {
    var el = e.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) e.preventDefault();
  });

  // Charts: <div class="chart" data-chart="…json option…">.
  function drawCharts(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) return;
      el.dataset.drawn = "1";
      var chart = window.echarts.init(el);
      chart.setOption(JSON.parse(el.getAttribute("data-chart")));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  // Live counters: elements with data-refresh="URL" and data-every="seconds" reload themselves.
  function startRefresh(root) {
    root.querySelectorAll("[data-refresh]").forEach(function (el) {
      if (el.dataset.refreshing) return;
      el.dataset.refreshing = "1";
      var every = parseInt(el.getAttribute("data-every") || "30", 10) * 1000;
      var timer = setInterval(function () {
        fetch(el.getAttribute("data-refresh"), {
          headers: { "HX-Request": "true", "X-Houqin-Poll": "1" }, credentials: "same-origin"
        }).then(function (r) {
          if (r.redirected || r.status === 401 || r.status === 403) {
            // Signed out (idle timeout): stop and show the login page.
            clearInterval(timer);
            window.location.reload();
            return null;
          }
          return r.ok ? r.text() : null;
        }).then(function (html) { if (html) el.innerHTML = html; });
      }, every);
    });
  }

  // QR scanning with the phone camera: <div data-qr-scanner data-target="input-id" data-submit>.
  // Uses the browser's BarcodeDetector when present, otherwise jsQR on canvas frames.
  function startScanner(box) {
    var video = box.querySelector("video");
    var status = box.querySelector("[data-qr-status]");
    var target = document.getElementById(box.getAttribute("data-target"));
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      if (status) status.textContent = box.getAttribute("data-no-camera");
      return;
    }
    var detector = ("BarcodeDetector" in window) ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    var canvas = document.createElement("canvas");
    var ctx = canvas.getContext("2d", { willReadFrequently: true });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;  // an empty black box until the camera runs
      video.setAttribute("playsinline", "");
      video.play();
      var done = false;
      function found(text) {
        if (done || !text) return;
        done = true;
        stream.getTracks().forEach(function (t) { t.stop(); });
        target.value = text;
        // Pages that handle the code themselves (the rounds page) listen for this event.
        target.dispatchEvent(new CustomEvent("qr-scanned", { bubbles: true, detail: text }));
        if (box.hasAttribute("data-submit")) target.form.submit();
      }
      function tick() {
        if (done) return;
        if (video.readyState === video.HAVE_ENOUGH_DATA) {
          if (detector) {
            detector.detect(video).then(function (codes) { if (codes.length) found(codes[0].rawValue); });
          } else if (window.jsQR) {
            canvas.width = video.videoWidth; canvas.height = video.videoHeight;
            ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
            var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
            var code = window.jsQR(img.data, img.width, img.height);
            if (code) found(code.data);
          }
        }
        requestAnimationFrame(tick);
      }
      requestAnimationFrame(tick);
    }).catch(function () {
      if (status) status.textContent = box.getAttribute("data-no-camera");
    });
  }

  // The menu is rendered once per set of permissions; the current page is marked here.
  function markCurrent(root) {
    root.querySelectorAll("[data-menu] a").forEach(function (a) {
      if (a.getAttribute("href") === window.location.pathname) {
        a.classList.add("active", "fw-semibold");
        a.setAttribute("aria-current", "page");
      }
    });
  }

  function init(root) {
    markCurrent(root);
    drawCharts(root);
    startRefresh(root);
    root.querySelectorAll("[data-qr-scanner]").forEach(function (box) {
      var button = box.querySelector("[data-qr-start]");
      if (button) button.addEventListener("click", function () { button.hidden = true; startScanner(box); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
})();
