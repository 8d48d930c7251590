(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var names = data.level_names;
  var colours = ['#b0240c', '#e07b00', '#f2c14e', '#5b9e5b'];
  var pending = 0;
  document.getElementById('suppress').textContent = String(data.suppress_below - 1);

  function text(v) { return v === null || v === undefined ? '*' : String(v); }
  function fmt(v) { return v === null || v === undefined ? '*' : Number(v).toLocaleString('en-GB'); }
  function el(tag, content) { var e = document.createElement(tag); if (content !== undefined) { e.textContent = content; } return e; }

  function chart(id, option) {
    var node = document.getElementById(id);
    var c = echarts.init(node, null, { renderer: 'canvas' });
    pending++;
    c.on('finished', function once() {
      c.off('finished', once);
      node.setAttribute('data-rendered', '1');
      if (--pending === 0) { window.reportReady = true; }
    });
    c.setOption(Object.assign({ animation: false, tooltip: { trigger: 'item' } }, option));
    window.addEventListener('resize', function () { c.resize(); });
  }

  function table(parent, header, rows) {
    var t = el('table');
    var tr = el('tr');
    header.forEach(function (h) { tr.appendChild(el('th', h)); });
    t.appendChild(tr);
    rows.forEach(function (r) {
      var row = el('tr');
      r.forEach(function (v) { row.appendChild(el('td', v)); });
      t.appendChild(row);
    });
    parent.appendChild(t);
  }

  function levelSeries(units) {
    return [1, 2, 3, 4].map(function (lv) {
      return { name: names[lv - 1], type: 'bar', stack: 'levels', itemStyle: { color: colours[lv - 1] },
        data: units.map(function (u) { return u.levels[lv - 1].share_pct; }) };
    });
  }

  // The footprint at a glance
  var g = data.glance;
  var figures = document.getElementById('glance-figures');
  [['People', g.people], ['Registered', g.registered], ['Unregistered', g.unregistered], ['Practices', g.practices],
   ['Hubs', g.hubs.length]].forEach(function (f) {
    var d = el('div'); d.className = 'figure'; d.appendChild(el('b', fmt(f[1]))); d.appendChild(el('span', f[0]));
    figures.appendChild(d);
  });
  chart('chart-levels', {
    title: { text: 'Share of people by level', textStyle: { fontSize: 13 } },
    xAxis: { type: 'category', data: names }, yAxis: { type: 'value', name: '%' },
    series: [{ type: 'bar', data: g.levels.map(function (l, i) { return { value: l.share_pct, itemStyle: { color: colours[i] } }; }) }]
  });
  chart('chart-hub-sizes', {
    title: { text: 'Registered people per hub (30,000-50,000 shaded)', textStyle: { fontSize: 13 } },
    xAxis: { type: 'category', data: g.hubs.map(function (h) { return h.hub; }), axisLabel: { rotate: 20 } },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', data: g.hubs.map(function (h) { return { value: h.registered, itemStyle: { color: h.in_range ? '#005eb8' : '#b0240c' } }; }),
      markArea: { silent: true, itemStyle: { color: 'rgba(0,94,184,0.08)' }, data: [[{ yAxis: g.hub_range[0] }, { yAxis: g.hub_range[1] }]] } }]
  });

  // Levels by hub and practice
  chart('chart-levels-hub', {
    legend: {}, tooltip: { trigger: 'axis' }, grid: { left: 160 },
    yAxis: { type: 'category', data: data.levels_by_hub.map(function (u) { return u.unit; }) },
    xAxis: { type: 'value', max: 100, name: '%' }, series: levelSeries(data.levels_by_hub)
  });
  chart('chart-levels-practice', {
    legend: {}, tooltip: { trigger: 'axis' }, grid: { left: 80 },
    yAxis: { type: 'category', data: data.levels_by_practice.map(function (u) { return u.unit; }) },
    xAxis: { type: 'value', max: 100, name: '%' }, series: levelSeries(data.levels_by_practice)
  });

  // Funnel plot
  var fu = data.funnel;
  function limit(key) { return fu.limits.map(function (l) { return [l.registered, l[key]]; }); }
  function line(name, key, dash) {
    return { name: name, type: 'line', showSymbol: false, data: limit(key), lineStyle: { type: dash, color: '#666' } };
  }
  chart('chart-funnel', {
    legend: {}, xAxis: { type: 'value', name: 'registered', min: 0 }, yAxis: { type: 'value', name: 'level 1 %' },
    series: [
      { name: 'practices', type: 'scatter', symbolSize: 9,
        data: fu.points.map(function (p) { return { value: [p.registered, p.share_pct], name: p.practice,
          itemStyle: { color: p.outside ? '#b0240c' : '#005eb8' } }; }) },
      { name: 'footprint', type: 'line', showSymbol: false, data: fu.limits.map(function (l) { return [l.registered, fu.footprint_share_pct]; }), lineStyle: { color: '#000' } },
      line('95% limits', 'lower95', 'dashed'), line('95% limits', 'upper95', 'dashed'),
      line('99.8% limits', 'lower998', 'dotted'), line('99.8% limits', 'upper998', 'dotted')
    ]
  });
  document.getElementById('funnel-outside').textContent = fu.outside.length === 0
    ? 'No practice is outside the 95% limits.' : 'Outside the 95% limits: ' + fu.outside.join(', ') + '.';

  // Risk distribution
  chart('chart-risk', {
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', name: 'risk %', data: data.risk.bins.map(function (b) { return b.to_pct === null ? b.from_pct + '+' : b.from_pct + '-' + b.to_pct; }) },
    yAxis: { type: 'value', name: 'people' },
    series: [{ type: 'bar', data: data.risk.bins.map(function (b) { return b.people; }), itemStyle: { color: '#005eb8' } }]
  });

  // Standardised admissions
  var adm = data.admissions;
  chart('chart-admissions', {
    legend: {}, tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: adm.hubs.map(function (h) { return h.unit; }), axisLabel: { rotate: 20 } },
    yAxis: { type: 'value', name: 'admissions' },
    series: [{ name: 'observed', type: 'bar', data: adm.hubs.map(function (h) { return h.observed; }) },
             { name: 'expected', type: 'bar', data: adm.hubs.map(function (h) { return h.expected; }) }]
  });
  var at = document.getElementById('admissions-table');
  function ratioRow(kind) {
    return function (r) {
      return [kind + ' ' + r.unit, text(r.observed), text(r.expected), text(r.ratio),
        r.lower95 === null ? '*' : r.lower95 + '-' + r.upper95, r.lower998 === null ? '*' : r.lower998 + '-' + r.upper998];
    };
  }
  table(at, ['unit', 'observed', 'expected', 'ratio', '95% interval', '99.8% interval'],
    adm.hubs.map(ratioRow('hub')).concat(adm.practices.map(ratioRow('practice'))));

  // Movement
  var mv = document.getElementById('movement-body');
  if (data.movement === null) {
    mv.appendChild(el('p', 'There is no previous run to compare with: movement is shown from the second run on.'));
  } else {
    mv.appendChild(el('p', 'From the extract of ' + data.movement.from_date + ' to that of ' + data.movement.to_date + ', the footprint:'));
    var div = el('div'); div.className = 'chart'; div.id = 'chart-movement'; mv.appendChild(div);
    var froms = ['new', '1', '2', '3', '4'];
    var tos = ['1', '2', '3', '4', 'left'];
    chart('chart-movement', {
      tooltip: { position: 'top' }, xAxis: { type: 'category', name: 'to', data: tos }, yAxis: { type: 'category', name: 'from', data: froms },
      visualMap: { min: 0, max: Math.max.apply(null, data.movement.footprint.map(function (t) { return t.patients || 0; }).concat([1])), calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
      series: [{ type: 'heatmap', label: { show: true },
        data: data.movement.footprint.map(function (t) { return [tos.indexOf(String(t.to_level)), froms.indexOf(String(t.from_level)), t.patients]; }) }]
    });
  }

  // Budget
  var bu = document.getElementById('budget-body');
  if (data.budget === null) {
    bu.appendChild(el('p', 'No budget was given (strata run --budget budget.yaml).'));
  } else {
    table(bu, ['unit', 'risk-weighted population', 'budget share (GBP)', 'expected admissions', 'observed admissions', 'gain/loss (GBP)'],
      data.budget.map(function (b) { return [b.unit, fmt(b.risk_weighted_population), fmt(b.budget_share_gbp), fmt(b.expected_emergency_admissions), fmt(b.observed_emergency_admissions), fmt(b.gain_loss_gbp)]; }));
  }

  // Data quality
  var q = data.quality;
  var qb = document.getElementById('quality-body');
  table(qb, ['rows', 'count'], [['read', fmt(q.rows_read)], ['stored', fmt(q.rows_stored)], ['quarantined', fmt(q.rows_quarantined)]]
    .concat(Object.keys(q.quarantined_by_reason).map(function (k) { return ['quarantined: ' + k, q.quarantined_by_reason[k]]; })));
  if (q.warnings.length === 0) { qb.appendChild(el('p', 'The run gave no warnings.')); }
  q.warnings.forEach(function (w) { qb.appendChild(el('p', 'Warning: ' + w)); });
  if (pending === 0) { window.reportReady = true; }
}());
