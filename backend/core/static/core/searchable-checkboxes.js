// Filters the checkboxes of a SearchableCheckboxSelectMultiple as the editor
// types, and lists what is ticked so hidden choices are not forgotten.
(function () {
  function fold(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
  }

  function setUp(root) {
    if (root.dataset.searchableCheckboxesReady) return;
    root.dataset.searchableCheckboxesReady = 'true';
    var search = root.querySelector('[data-searchable-checkboxes-search]');
    var chosen = root.querySelector('[data-searchable-checkboxes-chosen]');
    var boxes = Array.prototype.slice.call(root.querySelectorAll('input[type=checkbox]'));
    function item(box) { return box.closest('label') || box.parentElement; }
    function showChosen() {
      var names = boxes.filter(function (box) { return box.checked; })
        .map(function (box) { return item(box).textContent.trim(); });
      chosen.textContent = names.length ? 'Chosen: ' + names.join(', ') : '';
    }
    search.addEventListener('input', function () {
      var query = fold(search.value);
      boxes.forEach(function (box) {
        var row = item(box);
        var match = !query || fold(row.textContent).indexOf(query) !== -1;
        (row.parentElement.tagName === 'DIV' && row.parentElement !== root ? row.parentElement : row)
          .hidden = !match;
      });
    });
    // Enter in the search box ticks the only match instead of submitting the page.
    search.addEventListener('keydown', function (event) {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      var visible = boxes.filter(function (box) { return item(box).offsetParent !== null; });
      if (visible.length === 1) {
        visible[0].checked = !visible[0].checked;
        visible[0].dispatchEvent(new Event('change', { bubbles: true }));
      }
    });
    root.addEventListener('change', showChosen);
    showChosen();
  }

  function setUpAll() {
    document.querySelectorAll('[data-searchable-checkboxes]').forEach(setUp);
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', setUpAll);
  } else {
    setUpAll();
  }
})();
