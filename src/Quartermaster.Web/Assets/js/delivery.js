// Delivery pages: the receipt form's live balance check (the server checks again). Loaded as a file (CSP script-src 'self').
(function () {
    'use strict';

    function count(el) {
        if (!el) return 0;
        if (el.tagName === 'TEXTAREA') return el.value.split(/[\n\r,;]+/).map(function (s) { return s.trim(); }).filter(Boolean).length;
        var n = parseInt(el.value, 10);
        return isNaN(n) || n < 0 ? 0 : n;
    }

    function check(fs) {
        var open = parseInt(fs.getAttribute('data-open'), 10) || 0;
        var a = count(fs.querySelector('[data-count=accepted]'));
        var r = count(fs.querySelector('[data-count=rejected]'));
        var s = count(fs.querySelector('[data-count=short]'));
        var rest = fs.querySelector('[data-rest]');
        var out = fs.querySelector('[data-balance]');
        var total = a + r + s;
        var left = open - total;
        var ok = total <= open;
        if (!ok) {
            out.textContent = 'Does not balance: ' + a + ' accepted + ' + r + ' rejected + ' + s + ' short = ' + total + ', but only ' + open + ' are open.';
            out.className = 'balance balance-bad';
        } else if (rest && rest.checked) {
            out.textContent = a + ' accepted, ' + r + ' rejected, ' + (left + s) + ' missing: the line balances.';
            out.className = 'balance balance-ok';
        } else if (left === 0) {
            out.textContent = 'Balances: ' + a + ' accepted + ' + r + ' rejected + ' + s + ' short = ' + open + '.';
            out.className = 'balance balance-ok';
        } else {
            out.textContent = total + ' of ' + open + ' accounted for; ' + left + ' stay open for a later receipt.';
            out.className = 'balance';
        }
        return ok;
    }

    document.addEventListener('DOMContentLoaded', function () {
        var form = document.querySelector('[data-balance-form]');
        if (!form) return;
        var sets = form.querySelectorAll('fieldset[data-open]');
        sets.forEach(function (fs) {
            fs.addEventListener('input', function () { check(fs); });
            fs.addEventListener('change', function () { check(fs); });
            check(fs);
        });
        form.addEventListener('submit', function (e) {
            var ok = true;
            sets.forEach(function (fs) { if (!check(fs)) ok = false; });
            if (!ok) e.preventDefault();
        });
    });
})();
