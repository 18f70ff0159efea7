/* Each multiple-value select2 box (the tags of a dataset or HVD form) is
   named after its field's label, for screen readers.

   CKAN 2.12's select2 (4.1) draws a multiple field as a box with the role
   "combobox" and no accessible name: a screen reader announces an unnamed
   combobox (axe: aria-input-field-name). Its single-value box names itself;
   CKAN 2.11's select2 (3.5) draws other markup, where this finds nothing.
   select2 puts its box right after the field it replaces (the element the
   form's <label for> points at); CKAN's modules draw the boxes after the
   page has loaded (after the translations arrive), and forms may add fields
   later: new boxes are watched for. */
(function () {
  'use strict';
  var BOX = '.select2-selection--multiple';

  function name(box) {
    if (box.getAttribute('aria-label') || box.getAttribute('aria-labelledby')) {
      return;
    }
    var container = box.closest('.select2-container');
    var field = container && container.previousElementSibling;
    if (!field || !field.id) {
      return;
    }
    var label = document.querySelector('label[for="' + CSS.escape(field.id) + '"]');
    if (!label) {
      return;
    }
    if (!label.id) {
      label.id = field.id + '-label';
    }
    box.setAttribute('aria-labelledby', label.id);
  }

  function scan(node) {
    if (node.nodeType !== 1) {
      return;
    }
    if (node.matches(BOX)) {
      name(node);
    }
    node.querySelectorAll(BOX).forEach(name);
  }

  function start() {
    scan(document.body);
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(scan);
      });
    }).observe(document.body, {childList: true, subtree: true});
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
