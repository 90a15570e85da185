// Show the région derived from the postal code as the porteur types it (the server decides; this
// only asks it earlier). Without JavaScript, the région is shown after saving.
(function () {
  "use strict";
  var cible = document.getElementById("region-deduite");
  var champ = document.querySelector("[data-region-cible]");
  if (!cible || !champ) { return; }
  var departement = document.getElementById("id_departement");
  function actualiser() {
    var code = champ.value.replace(/\s/g, "");
    if (code.length !== 5) { return; }
    var url = cible.dataset.url + "?code_postal=" + encodeURIComponent(code);
    if (departement && departement.value) { url += "&departement=" + encodeURIComponent(departement.value); }
    fetch(url, { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        cible.textContent = d.erreur ? d.erreur : "Région : " + d.region + " (département " + d.departement + ", déduits du code postal)";
      })
      .catch(function () { /* the server checks again on save */ });
  }
  champ.addEventListener("change", actualiser);
  champ.addEventListener("input", actualiser);
  if (departement) { departement.addEventListener("change", actualiser); }
})();
