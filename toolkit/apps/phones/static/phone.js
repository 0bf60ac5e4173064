// The phones' page without reloading: forms are sent in the background and the server's
// answer redraws <main>; a pushed event (Server-Sent Events) redraws it when the room moves
// on. Without this script every form still works as a plain HTML form.
(function () {
  "use strict";
  var main = document.getElementById("phone");
  if (!main || !window.fetch || !window.URLSearchParams) return;
  document.documentElement.className += " js";
  var offline = document.documentElement.getAttribute("data-offline") || "";
  // The server's path prefix: every address below starts with it ("/" unless under one).
  var root = document.documentElement.getAttribute("data-root") || "/";
  // One form is on its way at a time (`busy`, the form `sending`); forms tapped meanwhile
  // wait their turn (`queue`); a redraw asked for meanwhile waits too (`stale`): asked
  // sooner, it could be answered from before the save and, being newer, hide its answer.
  var busy = false, sending = null, queue = [], stale = false;
  var asked = 0, drawn = 0; // answers are drawn in the order they were asked for

  function typed() {
    // What is being typed survives a redraw (a push may come mid-sentence).
    var kept = {};
    main.querySelectorAll("textarea[id], input[type=text][id]").forEach(function (el) {
      if (el.value) kept[el.id] = el.value;
    });
    return kept;
  }

  // A redraw never lands between a finger going down and coming up: the tap would be lost
  // (its press on the old button, its release on the new one). It waits for the release.
  var pressed = false, held = null;
  function release() {
    if (!pressed) return;
    pressed = false;
    setTimeout(function () { // after the tap's own click and change have been handled
      var h = held;
      held = null;
      if (h) draw.apply(null, h);
    }, 0);
  }
  document.addEventListener("pointerdown", function () {
    pressed = true;
    setTimeout(release, 1500); // a release the page never heard of
  }, true);
  document.addEventListener("pointerup", release, true);
  document.addEventListener("pointercancel", release, true);

  function draw(html, focusId, kept, n, said) {
    if (n < drawn) return; // an older answer that arrived after a newer one
    if (pressed) { if (!held || held[3] <= n) held = [html, focusId, kept, n, said]; return; }
    drawn = n;
    main.innerHTML = html;
    Object.keys(kept || {}).forEach(function (id) {
      var el = document.getElementById(id);
      if (el && !el.value) el.value = kept[id];
    });
    var status = document.getElementById("status"), now = main.querySelector("h1");
    // A push says nothing itself: on the same step, the last answer's line stays.
    if (said && said[0] && status && !status.textContent && now &&
        now.textContent === said[2]) {
      status.textContent = said[0]; status.className = said[1];
    }
    var target = focusId && document.getElementById(focusId);
    if (target && !target.disabled) target.focus();
    else if (focusId) {
      if (status && status.textContent) { status.tabIndex = -1; status.focus(); }
    }
  }

  function say(text) {
    var status = document.getElementById("status");
    if (status) { status.textContent = text; status.className = "status error"; }
  }

  function send(form, submitter) {
    if (busy) {
      // A rating changed, or other forms tapped (more options' dots), while the last one
      // is on its way are sent after it in turn, not dropped; the same button tapped
      // twice is sent once; a rating waits once, and sends what is ticked when its turn comes.
      var waiting = queue.some(function (q) { return q[0] === form; });
      if (!waiting && (form.hasAttribute("data-auto") || form !== sending)) {
        queue.push([form, submitter]);
      }
      return;
    }
    busy = true;
    sending = form;
    var body = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "submit") return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      body.append(el.name, el.value);
    });
    if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    var focusId = (submitter && submitter.id) || (document.activeElement || {}).id;
    var kept = form.getAttribute("action") === root + "issue" ? {} : typed(), n = ++asked;
    fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Toolkit-Fragment": "1" }
    }).then(function (r) { return r.text(); })
      .then(function (html) { draw(html, focusId, kept, n); })
      .catch(function () { say(offline); })
      .then(function () {
        busy = false;
        sending = null;
        var next = queue.shift(); // still holds what was ticked, though no longer on the page
        if (next) send(next[0], next[1]);
        else if (stale) { stale = false; redraw(); }
      });
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
    // The join form does not follow the room: redrawing it would lose a group half-chosen.
    if (main.querySelector("form[action='" + root + "join']")) return;
    if (busy) { stale = true; return; }
    var kept = typed(), focusId = (document.activeElement || {}).id, n = ++asked;
    var before = document.getElementById("status");
    var heading = main.querySelector("h1");
    var said = before ? [before.textContent, before.className, heading && heading.textContent]
      : null;
    fetch(root, { credentials: "same-origin", headers: { "X-Toolkit-Fragment": "1" } })
      .then(function (r) {
        // Refused (the workshop closed for phones, say): the whole page says why.
        if (r.status === 403) { window.location.reload(); return null; }
        return r.ok ? r.text() : null;
      })
      .then(function (html) { if (html !== null) draw(html, focusId, kept, n, said); })
      .catch(function () {});
  }

  if (window.EventSource) {
    var seen = main.getAttribute("data-version");
    var events = new EventSource(root + "events");
    events.onmessage = function (e) {
      if (seen !== null && e.data !== seen) {
        // Spread a room's phones over a moment rather than all asking at once.
        setTimeout(redraw, Math.random() * 600);
      }
      seen = e.data;
    };
  }
})();
