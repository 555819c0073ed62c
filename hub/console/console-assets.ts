/**
 * The console's stylesheet and its one small script, served from the console's own origin so
 * the CSP can forbid everything inline. The style follows the kiosk's: warm paper background,
 * dark ink, large calm type, one accent per state. The script only refreshes the page's live
 * part every few seconds; without it the page refreshes itself (`<noscript>` meta refresh).
 */

export const CONSOLE_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f6f4ef;color:#1d1d1b;font-size:1rem;line-height:1.45}
header{background:#1d1d1b;color:#f6f4ef;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header a{color:#f6f4ef}
header .who{margin-left:auto;font-size:.9rem;color:#d8d4ca}
nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
main{max-width:64rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
a{color:#1f4f8f}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:.5rem;overflow:hidden;margin:.25rem 0 1rem}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e6e2d8;vertical-align:top}
th{font-weight:600;background:#efece4;font-size:.9rem}
.state{display:inline-block;border-radius:1rem;padding:.05rem .6rem;font-size:.9rem;white-space:nowrap}
.s-in_service,.s-ok{background:#dcefe2;color:#1f6f3f}
.s-degraded,.s-updating,.s-warning{background:#fff3cd;color:#6b5200}
.s-out_of_service,.s-silent,.s-critical{background:#f8d7d3;color:#8a1f14}
.s-unknown,.s-revoked,.s-closed{background:#e6e2d8;color:#55524c}
.muted{color:#55524c;font-size:.9rem}
.card{background:#fff;border-radius:.75rem;padding:1rem;margin:.5rem 0 1rem}
.figures{display:flex;flex-wrap:wrap;gap:.5rem 2rem}
.figures div{min-width:9rem}
.figures b{display:block;font-size:1.4rem}
form.inline{display:inline;margin:0}
button{font:inherit;border:0;border-radius:.5rem;padding:.45rem .9rem;background:#1f4f8f;color:#fff;cursor:pointer}
button.quiet{background:#e6e2d8;color:#1d1d1b}
label{display:block;margin:.75rem 0 .25rem}
input[type=text],input[type=password]{font:inherit;width:100%;max-width:22rem;padding:.55rem;border:1px solid #b9b4a8;border-radius:.5rem;background:#fff}
.notice{background:#fff3cd;border-radius:.5rem;padding:.6rem .8rem;margin:.5rem 0 1rem}
.error{background:#f8d7d3;border-radius:.5rem;padding:.6rem .8rem;margin:.5rem 0 1rem}
@media (max-width:40rem){
  table.wide thead{display:none}
  table.wide tr{display:block;border-bottom:1px solid #e6e2d8;padding:.4rem 0}
  table.wide td{display:block;border:0;padding:.15rem .6rem}
  table.wide td[data-label]::before{content:attr(data-label) ": ";color:#55524c;font-size:.85rem}
}
`.trim();

/**
 * Refreshes `[data-live]` from the same URL every 5 s, and at once when the fleet's stamp
 * (`/console/live-stamp`, asked every second: a few bytes) moves; not while a field in it is
 * being typed in; stops when signed out.
 */
export const CONSOLE_JS = `
(function () {
  'use strict';
  var live = document.querySelector('[data-live]');
  if (!live) return;
  var busy = false;
  var stamp = null;
  var last = Date.now();
  function stop() { clearInterval(timer); }
  function refresh() {
    if (busy || document.hidden) return;
    var typing = document.activeElement;
    if (typing && typing.tagName === 'INPUT' && live.contains(typing)) return;
    busy = true;
    last = Date.now();
    fetch(location.href, { credentials: 'same-origin', headers: { 'x-okno-live': '1' }, redirect: 'manual' })
      .then(function (response) {
        if (response.status !== 200) { stop(); return null; }
        return response.text();
      })
      .then(function (html) {
        if (html === null) return;
        var next = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-live]');
        if (next) live.replaceChildren.apply(live, Array.prototype.slice.call(next.childNodes));
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }
  function check() {
    if (busy || document.hidden) return;
    if (Date.now() - last >= 5000) { refresh(); return; }
    fetch('/console/live-stamp', { credentials: 'same-origin', headers: { 'x-okno-live': '1' }, redirect: 'manual' })
      .then(function (response) {
        if (response.status !== 200) { stop(); return null; }
        return response.text();
      })
      .then(function (next) {
        if (next === null) return;
        if (stamp !== null && next !== stamp) refresh();
        stamp = next;
      })
      .catch(function () {});
  }
  var timer = setInterval(check, 1000);
})();
`.trim();

/** The tab's icon: a window pane in the console's ink (asked for by every browser; a 404 otherwise). */
export const CONSOLE_ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect x="1" y="1" width="14" height="14" rx="3" fill="#1d1d1b"/><rect x="4" y="4" width="8" height="8" rx="1" fill="#f6f4ef"/></svg>';

/** The console's Content-Security-Policy: script and style from its own origin only. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
