// Quartermaster UI behaviour. Loaded as a file (CSP script-src 'self'): no inline scripts, no inline handlers.
// Charts read their data from a data-chart attribute (JSON, HTML-encoded by the server).
(function () {
    'use strict';

    var COLOURS = { Announced: '#2f6db5', Delivered: '#e08a1e' };

    function formatEur(value) {
        var a = Math.abs(value);
        if (a >= 1e9) return '€' + (value / 1e9).toFixed(1) + ' bn';
        if (a >= 1e6) return '€' + (value / 1e6).toFixed(0) + ' m';
        if (a >= 1e3) return '€' + (value / 1e3).toFixed(0) + ' k';
        return '€' + value;
    }

    function renderChart(canvas) {
        if (typeof window.Chart !== 'function' || window.Chart.getChart(canvas)) return;
        var spec;
        try {
            spec = JSON.parse(canvas.getAttribute('data-chart') || '');
        } catch (e) {
            return;
        }
        if (!spec || !spec.labels || spec.labels.length === 0) return;
        var horizontal = !!spec.horizontal;
        var valueAxis = horizontal ? 'x' : 'y';
        var scales = {};
        var unit = spec.unit || null;
        var format = unit ? function (v) { return (Math.round(v * 10) / 10).toLocaleString('en-GB') + ' ' + unit; } : formatEur;
        scales[valueAxis] = { beginAtZero: true, title: unit ? { display: true, text: unit === 't' ? 'tonnes' : unit } : undefined,
            ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 6, callback: function (v) { return format(v); } } };
        scales[horizontal ? 'y' : 'x'] = { ticks: { autoSkip: !!unit } };
        new window.Chart(canvas, {
            type: 'bar',
            data: {
                labels: spec.labels,
                datasets: spec.series.map(function (s) {
                    var colour = s.colour || COLOURS[s.label] || '#888';
                    if (s.type === 'line') return { type: 'line', label: s.label, data: s.data, borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: 0, stepped: 'middle', order: 0 };
                    return { label: s.label, data: s.data, backgroundColor: colour, borderRadius: 2, maxBarThickness: 18, order: 1 };
                })
            },
            options: {
                indexAxis: horizontal ? 'y' : 'x',
                responsive: true,
                maintainAspectRatio: false,
                animation: false,
                interaction: { mode: 'index', intersect: false },
                plugins: {
                    legend: { position: 'top' },
                    tooltip: {
                        callbacks: {
                            label: function (ctx) {
                                var v = horizontal ? ctx.parsed.x : ctx.parsed.y;
                                return ctx.dataset.label + ': ' + (unit ? format(v) : '€' + Math.round(v).toLocaleString('en-GB'));
                            }
                        }
                    }
                },
                scales: scales
            }
        });
        canvas.setAttribute('data-rendered', 'true');
    }

    function init() {
        var canvases = document.querySelectorAll('canvas[data-chart]');
        for (var i = 0; i < canvases.length; i++) renderChart(canvases[i]);

        // Filters apply as soon as a select changes; the Apply button still works without JavaScript.
        var selects = document.querySelectorAll('select[data-autosubmit]');
        for (var j = 0; j < selects.length; j++) {
            selects[j].addEventListener('change', function (ev) {
                var form = ev.target.form;
                if (!form) return;
                var page = form.querySelector('input[name="page"]');
                if (page) page.remove();
                if (typeof form.requestSubmit === 'function') form.requestSubmit(); else form.submit();
            });
        }
    }

    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
    else init();
})();

// Re-ranking a requirements list by dragging rows (the rank inputs are the no-JavaScript way): a dropped row takes its
// place and the rows shown share out the same set of ranks in their new order; "Save ranks" then submits the numbers.
(function () {
    'use strict';

    function renumber(tbody) {
        var inputs = tbody.querySelectorAll('input.rank-input');
        var ranks = [];
        for (var i = 0; i < inputs.length; i++) ranks.push(parseInt(inputs[i].defaultValue, 10));
        ranks.sort(function (a, b) { return a - b; });
        for (var j = 0; j < inputs.length; j++) inputs[j].value = String(ranks[j]);
    }

    function init() {
        var tables = document.querySelectorAll('table[data-rerank]');
        for (var t = 0; t < tables.length; t++) {
            var tbody = tables[t].tBodies[0];
            var dragged = null;
            tbody.addEventListener('dragstart', function (ev) {
                var row = ev.target.closest ? ev.target.closest('tr[draggable="true"]') : null;
                if (!row) return;
                dragged = row;
                row.classList.add('dragging');
                ev.dataTransfer.effectAllowed = 'move';
                ev.dataTransfer.setData('text/plain', row.getAttribute('data-id') || '');
            });
            tbody.addEventListener('dragover', function (ev) {
                var row = ev.target.closest ? ev.target.closest('tr[draggable="true"]') : null;
                if (!dragged || !row || row === dragged) return;
                ev.preventDefault();
                var marked = tbody.querySelectorAll('tr.drop-target');
                for (var m = 0; m < marked.length; m++) marked[m].classList.remove('drop-target');
                row.classList.add('drop-target');
            });
            tbody.addEventListener('drop', function (ev) {
                var row = ev.target.closest ? ev.target.closest('tr[draggable="true"]') : null;
                if (!dragged || !row || row === dragged) return;
                ev.preventDefault();
                var rows = Array.prototype.slice.call(tbody.rows);
                if (rows.indexOf(dragged) < rows.indexOf(row)) row.after(dragged); else row.before(dragged);
                renumber(tbody);
            });
            tbody.addEventListener('dragend', function () {
                if (dragged) dragged.classList.remove('dragging');
                dragged = null;
                var marked = tbody.querySelectorAll('tr.drop-target');
                for (var m = 0; m < marked.length; m++) marked[m].classList.remove('drop-target');
            });
        }

        // Copy buttons: <button data-copy="#id"> copies the value or text of the element it names.
        var buttons = document.querySelectorAll('button[data-copy]');
        for (var b = 0; b < buttons.length; b++) {
            buttons[b].hidden = false;
            buttons[b].addEventListener('click', function (ev) {
                var button = ev.currentTarget;
                var source = document.querySelector(button.getAttribute('data-copy'));
                if (!source) return;
                var text = source.value !== undefined ? source.value : source.textContent;
                var done = function () { button.textContent = 'Copied'; };
                if (navigator.clipboard && navigator.clipboard.writeText) {
                    navigator.clipboard.writeText(text).then(done, function () { source.select && source.select(); });
                } else if (source.select) {
                    source.select();
                    if (document.execCommand && document.execCommand('copy')) done();
                }
            });
        }
    }

    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
    else init();
})();
