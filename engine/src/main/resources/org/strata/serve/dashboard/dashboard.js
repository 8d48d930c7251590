// The command centre's dashboard: reads the JSON API with the signed-in token (kept for this tab only) and
// draws the footprint, hubs, movement, capacity and a patient look-up. Text is set with textContent only.
"use strict";

const api = "api/v1/";
let token = sessionStorage.getItem("strata-token") || "";
let hubChart = null;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function fill(table, header, rows) {
  table.replaceChildren();
  const head = el("tr");
  header.forEach(h => head.appendChild(el("th", h)));
  table.appendChild(head);
  rows.forEach(r => {
    const tr = el("tr");
    r.forEach(c => tr.appendChild(c instanceof Node ? wrap(c) : el("td", c)));
    table.appendChild(tr);
  });
}

function wrap(node) {
  const td = el("td");
  td.appendChild(node);
  return td;
}

function fmt(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return v.toLocaleString("en-GB");
  return String(v);
}

function status(text, isError) {
  const s = document.getElementById("status");
  s.textContent = text;
  s.className = isError ? "error" : "";
}

async function get(path) {
  const r = await fetch(api + path, { headers: { Authorization: "Bearer " + token } });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
  return body;
}

function levelRow(name, o) {
  return [name, fmt(o.total), fmt(o.level1), fmt(o.level1_share_pct), fmt(o.level2), fmt(o.level2_share_pct),
    fmt(o.level3), fmt(o.level4), fmt(o.expected_emergency_admissions_12m), fmt(o.emergency_admissions_last_12m)];
}

const levelHeader = ["", "people", "level 1", "%", "level 2", "%", "level 3", "level 4",
  "expected admissions", "observed (12 m)"];

function drawHubs(hubs) {
  fill(document.getElementById("hubs"), levelHeader, hubs.map(h => levelRow(h.hub, h)));
  const names = hubs.map(h => h.hub);
  const series = [1, 2, 3, 4].map(l => ({
    name: "level " + l, type: "bar", stack: "share",
    data: hubs.map(h => typeof h["level" + l + "_share_pct"] === "number" ? h["level" + l + "_share_pct"] : null)
  }));
  const box = document.getElementById("hub-chart");
  hubChart = hubChart || echarts.init(box, null, { renderer: "canvas" });
  hubChart.on("finished", () => { box.dataset.rendered = String(names.length); });
  hubChart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 8, right: 16, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: "value", max: 100, name: "% of people" },
    yAxis: { type: "category", data: names, inverse: true },
    color: ["#b3261e", "#ed8b00", "#005eb8", "#7c9a92"],
    series
  }, true);
}

function drawMovement(moves) {
  const t = document.getElementById("movement");
  if (!moves.length) {
    fill(t, ["No previous run to compare with."], []);
    return;
  }
  fill(t, ["from level", "to level", "patients"], moves.map(m => [m.from_level, m.to_level, fmt(m.patients)]));
}

function drawCapacity(c) {
  const rows = [];
  c.hubs.forEach(h => h.levels.forEach(l => rows.push([h.hub, l.level, fmt(l.capacity), fmt(l.caseload),
    fmt(l.ratio), l.over_capacity ? el("span", "over", "over") : "within"])));
  fill(document.getElementById("capacity"), ["hub", "level", "capacity", "caseload", "ratio", ""], rows);
  if (c.note) document.getElementById("capacity").appendChild(el("caption", c.note));
}

async function load() {
  if (!token) return;
  try {
    const f = await get("footprint");
    document.getElementById("served").textContent = "Run " + f.run + " (store generation " + f.store_generation
      + ", reference date " + (f.reference_date || "") + ")";
    fill(document.getElementById("footprint"), levelHeader, [levelRow("footprint", f.data)]);
    drawMovement(f.data.movement || []);
    drawHubs((await get("hubs")).data);
    drawCapacity((await get("capacity")).data);
    status("");
  } catch (e) {
    status(e.message, true);
  }
}

async function lookup(nhs) {
  const box = document.getElementById("patient");
  box.replaceChildren();
  try {
    const p = (await get("patients/" + encodeURIComponent(nhs.replace(/\s/g, "")))).data;
    const t = el("table");
    t.id = "patient-summary";
    fill(t, ["", ""], [["NHS number", p.nhs_number || p.pseudonym], ["practice", p.practice], ["hub", p.hub],
      ["level", p.level], ["deciding rule", p.deciding_rule], ["reasons", p.reasons.join(", ")],
      ["admission risk", p.scores.admission_risk], ["eFI", p.scores.efi_category], ["LTCs", p.scores.ltc_count]]);
    box.appendChild(t);
    const h = el("table");
    h.id = "patient-history";
    fill(h, ["run", "reference date", "level", "deciding rule", "risk percentile"],
      p.history.map(r => [r.run, r.reference_date, r.left ? "left" : r.level, r.deciding_rule, fmt(r.risk_percentile)]));
    box.appendChild(h);
  } catch (e) {
    box.appendChild(el("p", e.message, "error"));
  }
}

document.getElementById("signin").addEventListener("submit", ev => {
  ev.preventDefault();
  token = document.getElementById("token").value.trim();
  sessionStorage.setItem("strata-token", token);
  load();
});
document.getElementById("lookup").addEventListener("submit", ev => {
  ev.preventDefault();
  lookup(document.getElementById("nhs").value);
});
window.addEventListener("resize", () => hubChart && hubChart.resize());
load();
