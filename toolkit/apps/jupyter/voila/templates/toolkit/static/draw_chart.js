// Draws a chart placeholder of toolkit/charts/browser.py with the vendored Vega (vega.js),
// as SVG. The facilitator's screens (the toolkit's Voila template) and the report (which
// carries this file inline) both draw with it: window.toolkitDrawChart(box).
window.toolkitDrawChart = function (box) {
  var spec = box.getAttribute('data-spec');
  if (!box.isConnected || !spec || box.toolkitSpec === spec) return;
  box.toolkitSpec = spec;
  box.removeAttribute('data-drawn');
  var label = box.getAttribute('aria-label') || box.toolkitLabel;
  box.toolkitLabel = label;
  // errors only: Vega-Lite's advice on a spec is for its author, not the reader's console
  var options = {renderer: 'svg', actions: false, logLevel: 1};
  window.vegaEmbed(box, JSON.parse(spec), options).then(function () {
    if (box.toolkitSpec !== spec) return;  // a newer spec is being drawn
    // the drawing is named as the box was, its marks still described one by one: the box
    // is no longer the image
    box.querySelector('svg').setAttribute('aria-label', label);
    box.removeAttribute('role');
    box.removeAttribute('aria-label');
    box.style.minHeight = '';  // it held the chart's place while drawing
    // a layer with no data is an empty, unnamed mark group: nothing to announce
    box.querySelectorAll('g[role="graphics-symbol"]:empty').forEach(function (g) {
      g.setAttribute('aria-hidden', 'true');
    });
    box.setAttribute('data-drawn', 'true');
  }).catch(function (error) {
    box.textContent = 'This chart could not be drawn: ' + error;
  });
};
