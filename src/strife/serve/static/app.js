// strife's map page. Plain JS, no build step, no network beyond this server.
// Every piece of data reaches the page through textContent or attributes, never innerHTML.
"use strict";

const PAGE = 10000; // rows per API request while loading
const TABLE_ROWS = 500; // rows the table shows at once
const TYPE_COLOURS = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  "Protests": "#1f77b4",
  "Riots": "#8c564b",
  "Strategic developments": "#2ca02c",
};
const OTHER_COLOUR = "#607d8b";
// Places no finer than these are drawn as the area they stand for (radii from /api/place-radii).
const APPROXIMATE = new Set(["region", "country", "unknown"]);
const DAY_MS = 86400000;

const state = { events: [], shown: [], sort: { key: "date", dir: -1 }, map: null, layer: null, timeline: null,
  radiusKm: {} };

// --- small DOM helpers ---------------------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

async function fetchJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

// --- reading an event record ---------------------------------------------------------------------------------

const place = (e) => e.location || {};
const toll = (e) => (e.fatalities || {}).best;
const colour = (type) => TYPE_COLOURS[type] || OTHER_COLOUR;
const isApproximate = (e) => APPROXIMATE.has(place(e).precision);
const areaKm = (p) => state.radiusKm[p.precision];
const actorName = (a) => (a ? a.name || a.mention || "" : "");
const placeName = (e) => place(e).name || place(e).mention || "";

function sortValue(e, key) {
  switch (key) {
    case "date": return e.date || "";
    case "type": return e.sub_event_type || e.plover_type || "";
    case "place": return placeName(e).toLowerCase();
    case "country": return place(e).country || "";
    case "actor1": return actorName(e.actor1).toLowerCase();
    case "actor2": return actorName(e.actor2).toLowerCase();
    case "killed": return toll(e) ?? -1;
    case "verification": return e.verification || "";
    default: return "";
  }
}

// --- filters -------------------------------------------------------------------------------------------------

function readFilters() {
  const form = new FormData(document.getElementById("filters"));
  const f = {};
  for (const [key, value] of form.entries()) if (String(value).trim() !== "") f[key] = String(value).trim();
  return f;
}

function matches(e, f, ignoreDates = false) {
  if (!ignoreDates && (f.since || f.until)) {
    if (!e.date) return false;
    if (f.since && (e.date_end || e.date) < f.since) return false;
    if (f.until && e.date > f.until) return false;
  }
  if (f.country && place(e).country !== f.country) return false;
  if (f.type && e.event_type !== f.type) return false;
  if (f.verification && e.verification !== f.verification) return false;
  if (f.min_fatalities && !((toll(e) ?? -1) >= Number(f.min_fatalities))) return false;
  if (f.actor) {
    const needle = f.actor.toLowerCase();
    const names = [actorName(e.actor1), actorName(e.actor2)].join("\n").toLowerCase();
    if (!names.includes(needle)) return false;
  }
  return true;
}

function exportLinks(f) {
  const params = new URLSearchParams(f);
  for (const fmt of ["csv", "geojson"]) {
    params.set("format", fmt);
    document.getElementById(`export-${fmt}`).href = `/api/events?${params}`;
  }
}

function fillSelect(name, values) {
  const select = document.querySelector(`#filters [name=${name}]`);
  for (const value of [...new Set(values.filter(Boolean))].sort()) select.append(el("option", { value, text: value }));
}

function applyFilters() {
  const f = readFilters();
  state.shown = state.events.filter((e) => matches(e, f));
  const undated = state.events.filter((e) => matches(e, f, true));
  document.getElementById("count").textContent = `${state.shown.length} of ${state.events.length} events`;
  exportLinks(f);
  drawMarkers();
  drawTimeline(undated, f);
  drawTable();
}

// --- the map -------------------------------------------------------------------------------------------------

async function setUpMap() {
  const map = L.map("map", { preferCanvas: true, worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([20, 20], 2);
  map.attributionControl.setPrefix("Leaflet").addAttribution("Country outlines: Natural Earth (world-atlas)");
  state.map = map;
  state.layer = L.layerGroup().addTo(map);
  try {
    const world = await fetchJSON("/static/vendor/world-atlas/countries-110m.json");
    L.geoJSON(topojson.feature(world, world.objects.countries), {
      style: { color: "#90a4ae", weight: 0.6, fillColor: "#f5f3ee", fillOpacity: 1 },
      interactive: false,
    }).addTo(map);
    state.layer.remove();
    state.layer.addTo(map); // keep events above the outlines
  } catch (err) {
    console.warn("no basemap:", err);
  }
}

function markerFor(e) {
  const p = place(e);
  const c = colour(e.event_type);
  const style = { color: c, fillColor: c, weight: 1, fillOpacity: 0.65 };
  const marker = isApproximate(e)
    ? L.circle([p.lat, p.lon], { ...style, radius: areaKm(p) * 1000, dashArray: "4 4",
      weight: 1.5, fillOpacity: 0.12 })
    : L.circleMarker([p.lat, p.lon], { ...style, radius: Math.min(4 + 2.5 * Math.sqrt(toll(e) || 0), 28) });
  marker.bindTooltip(() => tooltip(e)); // built when shown; an element, so Leaflet does not parse it as HTML
  marker.on("click", () => openEvent(e.id));
  return marker;
}

function tooltip(e) {
  const p = place(e);
  const lines = [
    el("b", { text: e.sub_event_type || e.plover_type || "event" }),
    el("br"), `${e.date || "date unknown"} · ${placeName(e) || "?"}${p.country ? `, ${p.country}` : ""}`,
    el("br"), `killed: ${toll(e) ?? "not said"}`,
  ];
  if (isApproximate(e)) lines.push(el("br"), el("i", { text: `approximate place (${p.precision})` }));
  return el("div", {}, ...lines);
}

function drawMarkers() {
  state.layer.clearLayers();
  let drawn = 0;
  for (const e of state.shown) {
    const p = place(e);
    if (typeof p.lat !== "number" || typeof p.lon !== "number") continue;
    state.layer.addLayer(markerFor(e));
    drawn += 1;
  }
  document.getElementById("map").dataset.markers = String(drawn);
}

function fitToEvents(events) {
  const points = events.map(place).filter((p) => typeof p.lat === "number" && typeof p.lon === "number");
  if (points.length) state.map.fitBounds(points.map((p) => [p.lat, p.lon]), { padding: [30, 30], maxZoom: 7, animate: false });
}

function drawLegend() {
  const legend = document.getElementById("legend");
  for (const [type, c] of Object.entries(TYPE_COLOURS)) {
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = c;
    legend.append(el("span", {}, swatch, type));
  }
  legend.append(el("span", {}, el("span", { class: "swatch approx" }), "approximate place (region or wider)"));
  legend.append(el("span", { text: "size: deaths" }));
}

// --- the timeline (a histogram you brush) ----------------------------------------------------------------------

function binning(events) {
  const days = events.map((e) => e.date).filter(Boolean).sort();
  if (!days.length) return null;
  const first = Date.parse(days[0]);
  const last = Date.parse(days[days.length - 1]);
  const span = (last - first) / DAY_MS;
  const width = span <= 120 ? 1 : span <= 730 ? 7 : 30;
  return { first, last: last + DAY_MS, width: width * DAY_MS };
}

function drawTimeline(undated, f) {
  const box = document.getElementById("histogram");
  box.replaceChildren();
  const bins = state.timeline;
  if (!bins) return;
  const w = box.clientWidth || 800;
  const h = box.clientHeight || 90;
  const n = Math.max(1, Math.ceil((bins.last - bins.first) / bins.width));
  const count = (events) => {
    const c = new Array(n).fill(0);
    for (const e of events) if (e.date) c[Math.min(n - 1, Math.floor((Date.parse(e.date) - bins.first) / bins.width))] += 1;
    return c;
  };
  const all = count(state.events);
  const shown = count(undated.filter((e) => matches(e, { since: f.since, until: f.until })));
  const top = Math.max(1, ...all);
  const barW = w / n;
  const plot = h - 14;
  for (let i = 0; i < n; i += 1) {
    for (const [counts, cls] of [[all, "all"], [shown, "shown"]]) {
      if (!counts[i]) continue;
      const bh = Math.max(1, (counts[i] / top) * plot);
      box.append(svg("rect", { class: cls, x: i * barW, y: plot - bh, width: Math.max(1, barW - 1), height: bh }));
    }
  }
  const label = (x, text, anchor) => {
    const t = svg("text", { x, y: h - 2, "text-anchor": anchor });
    t.textContent = text;
    box.append(t);
  };
  label(2, isoDay(bins.first), "start");
  label(w - 2, isoDay(bins.last - DAY_MS), "end");
  if (f.since || f.until) {
    const x0 = f.since ? ((Date.parse(f.since) - bins.first) / (bins.last - bins.first)) * w : 0;
    const x1 = f.until ? ((Date.parse(f.until) + DAY_MS - bins.first) / (bins.last - bins.first)) * w : w;
    box.append(svg("rect", { class: "brush", x: Math.max(0, x0), y: 0, width: Math.max(1, Math.min(w, x1) - Math.max(0, x0)), height: plot }));
  }
}

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

function setUpBrush() {
  const box = document.getElementById("histogram");
  let start = null;
  let rect = null;
  const xOf = (event) => Math.max(0, Math.min(box.clientWidth, event.clientX - box.getBoundingClientRect().left));
  box.addEventListener("pointerdown", (event) => {
    start = xOf(event);
    box.setPointerCapture(event.pointerId);
    rect = svg("rect", { class: "brush", x: start, y: 0, width: 1, height: box.clientHeight - 14 });
    box.append(rect);
  });
  box.addEventListener("pointermove", (event) => {
    if (start === null) return;
    const x = xOf(event);
    rect.setAttribute("x", Math.min(start, x));
    rect.setAttribute("width", Math.max(1, Math.abs(x - start)));
  });
  box.addEventListener("pointerup", (event) => {
    if (start === null) return;
    const x = xOf(event);
    const [a, b] = [Math.min(start, x), Math.max(start, x)];
    start = null;
    brushTo(b - a < 3 ? null : [a / box.clientWidth, b / box.clientWidth]);
  });
}

function brushTo(fractions) {
  const form = document.getElementById("filters");
  const bins = state.timeline;
  if (!fractions || !bins) {
    form.since.value = "";
    form.until.value = "";
  } else {
    const at = (t) => bins.first + t * (bins.last - bins.first);
    form.since.value = isoDay(at(fractions[0]));
    form.until.value = isoDay(at(fractions[1]) - 1);
  }
  applyFilters();
}

// --- the table -----------------------------------------------------------------------------------------------

function drawTable() {
  const { key, dir } = state.sort;
  const rows = [...state.shown].sort((a, b) => {
    const [x, y] = [sortValue(a, key), sortValue(b, key)];
    return (x < y ? -1 : x > y ? 1 : 0) * dir;
  });
  const body = document.querySelector("#events tbody");
  body.replaceChildren(...rows.slice(0, TABLE_ROWS).map((e) => {
    const tr = el("tr", { "data-id": e.id },
      el("td", { text: e.date || "?" }),
      el("td", { text: e.sub_event_type || e.plover_type || "" }),
      el("td", { text: placeName(e) + (isApproximate(e) ? " (approx.)" : "") }),
      el("td", { text: place(e).country || "" }),
      el("td", { text: actorName(e.actor1) }),
      el("td", { text: actorName(e.actor2) }),
      el("td", { text: toll(e) ?? "" }),
      el("td", { text: e.verification || "" }));
    tr.addEventListener("click", () => openEvent(e.id));
    return tr;
  }));
  document.getElementById("table-note").textContent = rows.length > TABLE_ROWS
    ? `showing ${TABLE_ROWS} of ${rows.length} rows: sort or filter to see others` : "";
  for (const th of document.querySelectorAll("#events th")) {
    th.classList.toggle("asc", th.dataset.key === key && dir === 1);
    th.classList.toggle("desc", th.dataset.key === key && dir === -1);
  }
}

function setUpTable() {
  for (const th of document.querySelectorAll("#events th")) {
    th.addEventListener("click", () => {
      const same = state.sort.key === th.dataset.key;
      state.sort = { key: th.dataset.key, dir: same ? -state.sort.dir : 1 };
      drawTable();
    });
  }
}

// --- the event and incident views ------------------------------------------------------------------------------

function fieldClass(field) {
  return `field-${String(field || "evidence").replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

// The text with every span marked and labelled by the field it supports; spans may overlap.
function highlighted(text, spans) {
  const good = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end)
    && s.start >= 0 && s.start < s.end && s.end <= text.length);
  const cuts = [...new Set([0, text.length, ...good.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const out = el("div", { class: "article-text" });
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    for (const s of good.filter((s) => s.start === a)) {
      out.append(el("span", { class: `span-label ${fieldClass(s.field)}`, text: s.field || "evidence" }));
    }
    const covering = good.filter((s) => s.start <= a && s.end >= b);
    const piece = text.slice(a, b);
    if (!covering.length) {
      out.append(piece);
    } else {
      const fields = [...new Set(covering.map((s) => s.field || "evidence"))];
      out.append(el("mark", { class: `ev ${fieldClass(fields[0])}`, title: fields.join(", "),
        "data-fields": fields.join(" "), text: piece }));
    }
  }
  return out;
}

function facts(pairs) {
  const dl = el("dl");
  for (const [label, value] of pairs) {
    if (value === null || value === undefined || value === "") continue;
    dl.append(el("dt", { text: label }), el("dd", {}, value));
  }
  return dl;
}

function eventFacts(e) {
  const p = place(e);
  const t = e.fatalities || {};
  const range = t.low != null && t.high != null && t.low !== t.high ? ` (${t.low}–${t.high})` : "";
  const where = [p.name || p.mention, p.admin1, p.country].filter(Boolean).join(", ");
  const approx = isApproximate(e) ? el("span", { class: "approx-note", text: ` approximate: ${p.precision}` }) : null;
  return facts([
    ["type", [e.event_type, e.sub_event_type].filter(Boolean).join(" / ") || e.plover_type],
    ["date", e.date ? `${e.date}${e.date_end ? ` to ${e.date_end}` : ""} (${e.date_precision})` : "unknown"],
    ["place", el("span", {}, where || "unknown", approx)],
    ["coordinates", p.lat != null ? `${p.lat}, ${p.lon}` : null],
    ["actor 1", actorName(e.actor1) + (e.actor1 && e.actor1.type ? ` (${e.actor1.type})` : "")],
    ["actor 2", actorName(e.actor2) + (e.actor2 && e.actor2.type ? ` (${e.actor2.type})` : "")],
    ["killed", t.best != null ? `${t.best}${range}` : "not said"],
    ["injured", e.injured && e.injured.best != null ? String(e.injured.best) : null],
    ["civilians targeted", e.civilian_targeting ? "yes" : null],
    ["reported by", (e.reported_by || []).join("; ")],
    ["verification", e.verification],
    ["confidence", e.confidence],
    ["source", e.source],
  ]);
}

function articleBlock(article, spans) {
  if (!article || article.text == null) return el("p", { text: "The article's text is not stored." });
  const head = [article.title, article.source, article.published].filter(Boolean).join(" · ");
  return el("div", {}, el("h3", { text: head || article.id }),
    article.url ? el("p", {}, el("a", { href: safeUrl(article.url), rel: "noreferrer", text: article.url })) : null,
    highlighted(article.text, spans));
}

function safeUrl(url) {
  return /^https?:\/\//i.test(url) ? url : "#";
}

function showDetail(...children) {
  const body = document.getElementById("detail-body");
  body.replaceChildren(...children.filter((child) => child !== null && child !== undefined));
  document.getElementById("detail").hidden = false;
}

async function openEvent(id) {
  try {
    const { event, article, incident } = await fetchJSON(`/api/events/${encodeURIComponent(id)}`);
    const more = incident
      ? el("p", {}, el("a", { href: "#", "data-incident": incident.id,
        text: `incident ${incident.id}: ${incident.n_events} report(s) from ${incident.n_sources} source(s)` }))
      : null;
    if (more) more.firstChild.addEventListener("click", (ev) => { ev.preventDefault(); openIncident(incident.id); });
    showDetail(el("h2", { text: event.sub_event_type || event.plover_type || "event" }), eventFacts(event), more,
      articleBlock(article, event.evidence || []));
  } catch (err) {
    showDetail(el("p", { text: `Cannot show this event: ${err.message}` }));
  }
}

async function openIncident(id) {
  try {
    const { incident, articles } = await fetchJSON(`/api/incidents/${encodeURIComponent(id)}`);
    const members = (incident.members || []).map((e) => el("section", {},
      el("h3", { text: `${e.source || e.article_id}: ${e.sub_event_type || ""}` }), eventFacts(e),
      articleBlock(articles[e.article_id], e.evidence || [])));
    showDetail(el("h2", { text: `Incident ${incident.id}: ${incident.sub_event_type || incident.event_type || ""}` }),
      facts([["date", incident.date], ["place", [incident.place_name, incident.admin1, incident.country].filter(Boolean).join(", ")],
        ["killed", incident.fatalities_best], ["reports", incident.n_events], ["sources", incident.n_sources]]),
      ...members);
  } catch (err) {
    showDetail(el("p", { text: `Cannot show this incident: ${err.message}` }));
  }
}

// --- start ---------------------------------------------------------------------------------------------------

async function loadEvents() {
  const events = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await fetchJSON(`/api/events?evidence=false&limit=${PAGE}&offset=${offset}`);
    events.push(...page.items);
    if (!page.items.length || events.length >= page.total) return events;
  }
}

async function start() {
  const began = performance.now();
  drawLegend();
  setUpTable();
  setUpBrush();
  document.getElementById("detail-close").addEventListener("click", () => { document.getElementById("detail").hidden = true; });
  const form = document.getElementById("filters");
  form.addEventListener("input", applyFilters);
  form.addEventListener("reset", () => setTimeout(applyFilters));
  form.addEventListener("submit", (ev) => ev.preventDefault());
  const [events, radii] = await Promise.all([loadEvents(), fetchJSON("/api/place-radii"), setUpMap()]);
  const loaded = performance.now();
  state.events = events;
  state.radiusKm = radii;
  state.timeline = binning(events);
  fillSelect("country", events.map((e) => place(e).country));
  fillSelect("type", events.map((e) => e.event_type));
  applyFilters();
  fitToEvents(events);
  const done = performance.now();
  window.strifeReady = { ms: Math.round(done - began), loadMs: Math.round(loaded - began),
    drawMs: Math.round(done - loaded), events: events.length };
  document.body.dataset.ready = "true";
}

window.addEventListener("DOMContentLoaded", () => {
  start().catch((err) => {
    document.getElementById("count").textContent = `Cannot load events: ${err.message}`;
    document.body.dataset.ready = "error";
  });
});
