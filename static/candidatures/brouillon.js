/* Keep what the applicant types in this browser until the server has saved it.
   If the session expired or the connection dropped, the text comes back on the next visit. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-sauvegarde-locale]");
  if (!form || !window.localStorage) { return; }
  var cle = "fabriques-brouillon:" + form.getAttribute("data-sauvegarde-locale");
  var champs = form.querySelectorAll("textarea, input[type=text], input:not([type])");

  function lire() {
    try { return JSON.parse(localStorage.getItem(cle) || "null"); } catch (e) { return null; }
  }
  function ecrire() {
    var valeurs = {};
    champs.forEach(function (c) { if (c.name) { valeurs[c.name] = c.value; } });
    try { localStorage.setItem(cle, JSON.stringify(valeurs)); } catch (e) { /* storage full: nothing to do */ }
  }

  var enregistre = form.getAttribute("data-enregistre");
  if (enregistre) { localStorage.removeItem("fabriques-brouillon:" + enregistre); }
  if (enregistre === form.getAttribute("data-sauvegarde-locale")) {
    /* this very section was just saved: the server holds it */
  } else {
    var sauve = lire();
    var restaure = false;
    if (sauve) {
      champs.forEach(function (c) {
        if (c.name && Object.prototype.hasOwnProperty.call(sauve, c.name) && sauve[c.name] && sauve[c.name] !== c.value) {
          c.value = sauve[c.name];
          restaure = true;
        }
      });
    }
    var avis = document.getElementById("brouillon-restaure");
    if (restaure && avis) { avis.hidden = false; }
  }
  form.addEventListener("input", ecrire);
})();
