/**
 * The script an operator's template loads (`<script src="/output/template-client.js">`). It follows
 * the console's graphics stream and calls the template's own CasparCG-style functions, so a
 * template written for CasparCG works here unchanged:
 *   update(json)  with the graphic's data as a JSON string, on every change;
 *   play()        when the graphic goes on air;  stop() when it comes off.
 * Which graphic: `?graphic=winner` in the URL, or `data-graphic` on the script tag. Templates that
 * want everything use `Trackside.subscribe(fn)`: fn(graphic, all) for every change of any graphic.
 * Plain browser JavaScript, served as it is: no build step between the operator and the page.
 */
export const TEMPLATE_CLIENT_JS = String.raw`(function () {
  'use strict';
  var script = document.currentScript;
  var params = new URLSearchParams(location.search);
  var graphic = params.get('graphic') || (script && script.getAttribute('data-graphic')) || '';
  var all = {};
  var listeners = [];
  var onAir = null;
  var lastData = null;

  function call(name, arg) {
    var f = window[name];
    if (typeof f !== 'function') return;
    try { arguments.length > 1 ? f(arg) : f(); } catch (err) { console.warn('template ' + name + '() failed:', err); }
  }

  function changed(g) {
    var held = all[g.id];
    if (held && held.revision > g.revision) return;
    all[g.id] = g;
    listeners.forEach(function (fn) { try { fn(g, all); } catch (err) { console.warn('Trackside listener failed:', err); } });
    if (!graphic || g.id !== graphic) return;
    if (g.data) {
      var payload = JSON.stringify(Object.assign({ graphic: g.id, page: g.page, pages: g.pages, onAir: g.onAir }, g.data));
      if (payload !== lastData) { lastData = payload; call('update', payload); }
    }
    if (g.onAir !== onAir) { onAir = g.onAir; call(g.onAir && g.data ? 'play' : 'stop'); }
  }

  var source = new EventSource('/api/graphics/stream');
  source.addEventListener('snapshot', function (e) { JSON.parse(e.data).graphics.forEach(changed); });
  source.addEventListener('graphic', function (e) { changed(JSON.parse(e.data)); });

  function post(path) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  }

  window.Trackside = {
    graphic: graphic,
    graphics: all,
    subscribe: function (fn) {
      listeners.push(fn);
      Object.keys(all).forEach(function (id) { fn(all[id], all); });
      return function () { listeners = listeners.filter(function (l) { return l !== fn; }); };
    },
    show: function (id) { return post('/api/graphics/' + encodeURIComponent(id || graphic) + '/show'); },
    hide: function (id) { return post('/api/graphics/' + encodeURIComponent(id || graphic) + '/hide'); },
    next: function (id) { return post('/api/graphics/' + encodeURIComponent(id || graphic) + '/next'); },
  };
})();
`;

/**
 * The example written into a new templates folder: a winner lower third in one HTML file. Its
 * inline script runs because the console allows it by hash; it sets text with textContent only.
 */
export const EXAMPLE_TEMPLATE_NAME = 'example-winner.html';

export const EXAMPLE_TEMPLATE_HTML = String.raw`<!doctype html>
<!--
  A Trackside custom template: open it as http://127.0.0.1:4710/output/custom/example-winner?graphic=winner
  It follows the winner graphic: Trackside calls update(json), play() and stop() below, exactly as
  CasparCG would. Copy this file, change the look, keep the three functions.
  Text is always set with textContent: names come from the results, never trust them as HTML.
-->
<html>
<head>
<meta charset="utf-8">
<title>Winner (example)</title>
<style>
  html, body { margin: 0; background: transparent; overflow: hidden; font-family: 'Segoe UI', Roboto, Arial, sans-serif; }
  #card { position: absolute; left: 96px; bottom: 94px; display: flex; min-width: 700px; max-width: 1100px;
          background: #0b1e3a; color: #fff; box-shadow: 0 10px 30px rgba(0,0,0,.5);
          opacity: 0; transform: translateY(40px); transition: opacity .4s ease, transform .4s ease; }
  #card.on { opacity: 1; transform: none; }
  #place { background: #e30613; font: 900 56px/1 sans-serif; padding: 22px 26px; }
  #text { padding: 14px 26px; min-width: 0; flex: 1; }
  #name { font-size: 48px; font-weight: 800; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  #event { font-size: 24px; opacity: .8; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  #mark { font: 900 56px/1 sans-serif; padding: 22px 26px; background: #16325c; white-space: nowrap; }
</style>
</head>
<body>
<div id="card" data-template="example-winner">
  <div id="place">1</div>
  <div id="text"><div id="name"></div><div id="event"></div></div>
  <div id="mark"></div>
</div>
<script src="/output/template-client.js" data-graphic="winner"></script>
<script>
  function update(json) {
    var d = typeof json === 'string' ? JSON.parse(json) : json;
    var names = (d.winners && d.winners.length ? d.winners : [{ name: d.name }]).map(function (w) { return w.name; });
    document.getElementById('place').textContent = d.place || '1';
    document.getElementById('name').textContent = names.join(' & ');
    document.getElementById('event').textContent = [d.eventName, d.subtitle].filter(Boolean).join(' · ');
    document.getElementById('mark').textContent = d.performance + (d.aided ? 'w' : '');
  }
  function play() { document.getElementById('card').classList.add('on'); }
  function stop() { document.getElementById('card').classList.remove('on'); }
  function next() {}
</script>
</body>
</html>
`;
