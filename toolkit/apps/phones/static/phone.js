// The phones' page without reloading: forms are sent in the background and the server's
// answer redraws <main>; a pushed event (Server-Sent Events) redraws it when the room moves
// on. Without this script every form still works as a plain HTML form.
(function () {
  "use strict";
  var main = document.getElementById("phone");
  if (!main || !window.fetch || !window.URLSearchParams) return;
  document.documentElement.className += " js";
  var offline = document.documentElement.getAttribute("data-offline") || "";
  var busy = false;

  function typed() {
    // What is being typed survives a redraw (a push may come mid-sentence).
    var kept = {};
    main.querySelectorAll("textarea[id], input[type=text][id]").forEach(function (el) {
      if (el.value) kept[el.id] = el.value;
    });
    return kept;
  }

  function draw(html, focusId, kept) {
    main.innerHTML = html;
    Object.keys(kept || {}).forEach(function (id) {
      var el = document.getElementById(id);
      if (el && !el.value) el.value = kept[id];
    });
    var target = focusId && document.getElementById(focusId);
    if (target && !target.disabled) target.focus();
    else if (focusId) {
      var status = document.getElementById("status");
      if (status && status.textContent) { status.tabIndex = -1; status.focus(); }
    }
  }

  function say(text) {
    var status = document.getElementById("status");
    if (status) { status.textContent = text; status.className = "status error"; }
  }

  function send(form, submitter) {
    if (busy) return;
    busy = true;
    var body = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "submit") return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      body.append(el.name, el.value);
    });
    if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    var focusId = (submitter && submitter.id) || (document.activeElement || {}).id;
    var kept = form.matches("[action='/issue']") ? {} : typed();
    fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Toolkit-Fragment": "1" }
    }).then(function (r) { return r.text(); })
      .then(function (html) { draw(html, focusId, kept); })
      .catch(function () { say(offline); })
      .then(function () { busy = false; });
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.hasAttribute("data-plain")) return;
    e.preventDefault();
    send(form, e.submitter || document.activeElement);
  });
  document.addEventListener("change", function (e) {
    var form = e.target.form;
    if (form && form.hasAttribute("data-auto")) send(form, null);
  });

  function redraw() {
    var kept = typed(), focusId = (document.activeElement || {}).id;
    fetch("/", { credentials: "same-origin", headers: { "X-Toolkit-Fragment": "1" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) draw(html, focusId, kept); })
      .catch(function () {});
  }

  if (window.EventSource) {
    var seen = main.getAttribute("data-version");
    var events = new EventSource("/events");
    events.onmessage = function (e) {
      if (seen !== null && e.data !== seen) {
        // Spread a room's phones over a moment rather than all asking at once.
        setTimeout(redraw, Math.random() * 600);
      }
      seen = e.data;
    };
  }
})();
