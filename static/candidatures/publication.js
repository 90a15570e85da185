// Follow a background job (a publication, an export): reload the page every few seconds while it
// is waiting or running.
// The page carries data-actualiser="<seconds>" only in that case; without JavaScript, the
// « Actualiser » link does the same by hand.
(function () {
  "use strict";
  var cible = document.querySelector("[data-actualiser]");
  if (!cible) { return; }
  var secondes = parseInt(cible.getAttribute("data-actualiser"), 10) || 3;
  window.setTimeout(function () { window.location.reload(); }, secondes * 1000);
})();
