/*
 * The lineage graph of a Lakehouse Flow docs page, drawn as SVG from the JSON inline in the page
 * (so it works from file://, where fetching lineage.json would be refused). Nodes sit in columns by
 * layer: landing, bronze, silver, dimensions, facts, SQL models, test results. A click selects a node and
 * highlights what it is built from (upstream) and what is built from it (downstream); a double
 * click or Enter opens its page. Plain ES5 and DOM calls, so that any browser engine runs it.
 */
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var NODE_HEIGHT = 30;
  var ROW_GAP = 12;
  var COLUMN_GAP = 52;
  var CHAR_WIDTH = 7.3;
  var PADDING = 12;
  var MARGIN = 8;

  var container = document.getElementById('lineage');
  var source = document.getElementById('lineage-data');
  if (!container || !source) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var root = container.getAttribute('data-root') || '';
  var focus = container.getAttribute('data-focus');
  var details = document.getElementById('details');

  function make(name, attributes, parent) {
    var element = document.createElementNS(SVG, name);
    for (var key in attributes) {
      if (Object.prototype.hasOwnProperty.call(attributes, key)) {
        element.setAttribute(key, String(attributes[key]));
      }
    }
    if (parent) {
      parent.appendChild(element);
    }
    return element;
  }

  function html(name, text, parent) {
    var element = document.createElement(name);
    if (text !== undefined && text !== null) {
      element.textContent = String(text);
    }
    if (parent) {
      parent.appendChild(element);
    }
    return element;
  }

  var byId = {};
  var i, j;
  for (i = 0; i < data.nodes.length; i++) {
    var node = data.nodes[i];
    node.upstreamEdges = [];
    node.downstreamEdges = [];
    byId[node.id] = node;
  }
  var edges = [];
  for (i = 0; i < data.edges.length; i++) {
    var edge = data.edges[i];
    if (byId[edge.from] && byId[edge.to]) {
      byId[edge.from].downstreamEdges.push(edge);
      byId[edge.to].upstreamEdges.push(edge);
      edges.push(edge);
    }
  }

  // Columns by layer, leaving out layers without nodes.
  var layers = [];
  for (i = 0; i < data.nodes.length; i++) {
    var c = data.nodes[i].column;
    (layers[c] = layers[c] || []).push(data.nodes[i]);
  }
  var columns = [];
  for (i = 0; i < layers.length; i++) {
    if (layers[i]) {
      columns.push(layers[i]);
    }
  }

  // Order each column by the mean position of its upstream nodes, so that edges cross less.
  function place(column) {
    for (var k = 0; k < column.length; k++) {
      column[k].index = k;
    }
  }
  place(columns[0] || []);
  for (var pass = 0; pass < 2; pass++) {
    for (i = 1; i < columns.length; i++) {
      for (j = 0; j < columns[i].length; j++) {
        var n = columns[i][j];
        var sum = 0;
        var count = 0;
        for (var e = 0; e < n.upstreamEdges.length; e++) {
          var up = byId[n.upstreamEdges[e].from];
          if (up.index !== undefined && up.column < n.column) {
            sum += up.index;
            count++;
          }
        }
        n.weight = count > 0 ? sum / count : j;
        n.position = j;
      }
      columns[i].sort(function (a, b) {
        return a.weight - b.weight || a.position - b.position;
      });
      place(columns[i]);
    }
  }

  // Geometry: each column as wide as its longest label, columns centred vertically.
  var tallest = 0;
  for (i = 0; i < columns.length; i++) {
    tallest = Math.max(tallest, columns[i].length);
  }
  var height = MARGIN * 2 + tallest * NODE_HEIGHT + (tallest - 1) * ROW_GAP;
  var x = MARGIN;
  for (i = 0; i < columns.length; i++) {
    var widest = 0;
    for (j = 0; j < columns[i].length; j++) {
      widest = Math.max(widest, columns[i][j].label.length);
    }
    var width = Math.round(widest * CHAR_WIDTH + 2 * PADDING);
    var columnHeight = columns[i].length * NODE_HEIGHT + (columns[i].length - 1) * ROW_GAP;
    var top = MARGIN + (height - 2 * MARGIN - columnHeight) / 2;
    for (j = 0; j < columns[i].length; j++) {
      columns[i][j].x = x;
      columns[i][j].y = Math.round(top + j * (NODE_HEIGHT + ROW_GAP));
      columns[i][j].width = width;
    }
    x += width + COLUMN_GAP;
  }
  var totalWidth = x - COLUMN_GAP + MARGIN;

  var svg = make('svg', {
    'class': 'lineage-graph',
    width: totalWidth,
    height: height,
    viewBox: '0 0 ' + totalWidth + ' ' + height,
    role: 'img',
    'aria-label': 'Lineage of pipeline ' + data.pipeline
  }, container);
  var defs = make('defs', {}, svg);
  var marker = make('marker', {
    id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5,
    markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'
  }, defs);
  make('path', {d: 'M 0 0 L 10 5 L 0 10 z', 'class': 'arrow-head'}, marker);

  var edgeLayer = make('g', {'class': 'edges'}, svg);
  for (i = 0; i < edges.length; i++) {
    var from = byId[edges[i].from];
    var to = byId[edges[i].to];
    var x1 = from.x + from.width;
    var y1 = from.y + NODE_HEIGHT / 2;
    var x2 = to.x;
    var y2 = to.y + NODE_HEIGHT / 2;
    var bend = Math.max(24, (x2 - x1) / 2);
    edges[i].element = make('path', {
      'class': 'edge relation-' + edges[i].relation,
      d: 'M ' + x1 + ' ' + y1 + ' C ' + (x1 + bend) + ' ' + y1 + ', ' + (x2 - bend) + ' ' + y2
          + ', ' + x2 + ' ' + y2,
      'marker-end': 'url(#arrow)',
      'data-from': edges[i].from,
      'data-to': edges[i].to,
      'data-relation': edges[i].relation
    }, edgeLayer);
  }

  var nodeLayer = make('g', {'class': 'nodes'}, svg);
  for (i = 0; i < data.nodes.length; i++) {
    draw(data.nodes[i]);
  }

  function draw(node) {
    var group = make('g', {
      'class': baseClass(node),
      'data-id': node.id,
      'data-kind': node.kind,
      tabindex: 0,
      transform: 'translate(' + node.x + ',' + node.y + ')'
    }, nodeLayer);
    var title = make('title', {}, group);
    title.textContent = node.label + (node.rows === null ? '' : ' (' + node.rows + ' rows)');
    make('rect', {width: node.width, height: NODE_HEIGHT, rx: 6, ry: 6}, group);
    var label = make('text', {x: PADDING, y: NODE_HEIGHT / 2 + 4}, group);
    label.textContent = node.label;
    group.addEventListener('click', function () {
      select(node.id);
    });
    group.addEventListener('dblclick', function () {
      open(node.id);
    });
    group.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') {
        open(node.id);
      } else if (event.key === ' ') {
        select(node.id);
      }
    });
    node.element = group;
  }

  function baseClass(node) {
    return 'node kind-' + node.kind + (node.exists || node.kind === 'landing' ? '' : ' missing');
  }

  function open(id) {
    window.location.href = root + byId[id].page;
  }

  /** Every node reachable from id along edges, upstream or downstream, as a set. */
  function reach(id, upstream) {
    var seen = {};
    var next = [id];
    while (next.length > 0) {
      var at = byId[next.shift()];
      var list = upstream ? at.upstreamEdges : at.downstreamEdges;
      for (var k = 0; k < list.length; k++) {
        var other = upstream ? list[k].from : list[k].to;
        if (!seen[other] && other !== id) {
          seen[other] = true;
          next.push(other);
        }
      }
    }
    return seen;
  }

  function select(id) {
    var up = reach(id, true);
    var down = reach(id, false);
    for (var k = 0; k < data.nodes.length; k++) {
      var n = data.nodes[k];
      var role = n.id === id ? ' selected' : up[n.id] ? ' upstream' : down[n.id] ? ' downstream'
          : ' faded';
      n.element.setAttribute('class', baseClass(n) + role);
    }
    for (k = 0; k < edges.length; k++) {
      var ed = edges[k];
      var onUp = (ed.to === id || up[ed.to]) && up[ed.from];
      var onDown = (ed.from === id || down[ed.from]) && down[ed.to];
      ed.element.setAttribute('class', 'edge relation-' + ed.relation
          + (onUp ? ' active upstream' : onDown ? ' active downstream' : ' faded'));
    }
    container.setAttribute('data-selected', id);
    describe(byId[id], up, down);
  }

  function describe(node, up, down) {
    if (!details) {
      return;
    }
    while (details.firstChild) {
      details.removeChild(details.firstChild);
    }
    html('h3', node.label, details);
    html('p', node.kind.replace('_', ' '), details).className = 'kind';
    html('p', node.description, details);
    var facts = html('dl', null, details);
    html('dt', 'Rows', facts);
    html('dd', node.rows === null ? (node.exists ? '0' : 'not written yet') : node.rows, facts);
    if (node.last_commit) {
      html('dt', 'Last commit', facts);
      html('dd', node.last_commit, facts);
    }
    var tally = [];
    for (var status in node.tests) {
      if (Object.prototype.hasOwnProperty.call(node.tests, status)) {
        tally.push(node.tests[status] + ' ' + status.replace('_', ' '));
      }
    }
    if (tally.length > 0) {
      html('dt', 'Data tests', facts);
      html('dd', tally.join(', '), facts);
    }
    list('Upstream', up, details);
    list('Downstream', down, details);
    columnLineage(node, details);
    var link = html('a', 'Open the page of ' + node.label, details);
    link.id = 'open-page';
    link.href = root + node.page;
  }

  /** The node's columns with the upstream columns each comes from, folded. */
  function columnLineage(node, parent) {
    var rows = [];
    for (var k = 0; k < (data.columns || []).length; k++) {
      if (data.columns[k].to_table === node.id) {
        rows.push(data.columns[k]);
      }
    }
    if (rows.length === 0) {
      return;
    }
    var fold = html('details', null, parent);
    fold.className = 'column-lineage';
    html('summary', 'Column lineage (' + rows.length + ')', fold);
    var items = html('ul', null, fold);
    for (k = 0; k < rows.length; k++) {
      var item = html('li', null, items);
      html('code', rows[k].to_column, item);
      item.appendChild(document.createTextNode(' \u2190 '));
      var a = html('a', rows[k].from_table + '.' + rows[k].from_column, item);
      a.href = root + byId[rows[k].from_table].page + '#column-' + rows[k].from_column;
      item.appendChild(document.createTextNode(': ' + rows[k].how));
    }
  }

  function list(title, set, parent) {
    var ids = Object.keys(set);
    html('h4', title + ' (' + ids.length + ')', parent);
    var items = html('ul', null, parent);
    for (var k = 0; k < ids.length; k++) {
      var item = html('li', null, items);
      var a = html('a', byId[ids[k]].label, item);
      a.href = root + byId[ids[k]].page;
    }
  }

  var hash = /^#node=(.+)$/.exec(window.location.hash || '');
  var initial = focus || (hash && decodeURIComponent(hash[1]));
  if (initial && byId[initial]) {
    select(initial);
  }
})();
