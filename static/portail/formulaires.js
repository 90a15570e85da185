/* The portal's forms, for every page (templates/base.html).

   1. An invalid form's error summary (commun/resume_erreurs.html) takes the focus when the page
      loads, wherever the form sits on the page: it carries ``autofocus`` (no JavaScript needed in
      current browsers); this makes sure of it elsewhere, and brings it into view.

   2. Count the characters of every field with a limit as one types (fields carry data-longueur-max,
   never the HTML maxlength that would cut a pasted text without a word: commun/formulaires.py).
   Without JavaScript, the hint under the field still says the limit and the server refuses an
   over-long text, keeping it in the field. */
(function () {
  "use strict";
  var espace = "\u202f";

  function nombre(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, espace);
  }
  function longueur(texte) {
    /* As the server counts: code points, a line break is one character. */
    return Array.from(texte.replace(/\r\n/g, "\n")).length;
  }

  /* An e-mail address never comes near its 254 or 320 characters: no counter there (the server still checks). */
  document.querySelectorAll("[data-longueur-max]:not([type=email])").forEach(function (champ) {
    var max = parseInt(champ.getAttribute("data-longueur-max"), 10);
    if (!max) { return; }
    var compteur = champ.id ? document.getElementById(champ.id + "-compteur") : null;
    if (!compteur) {
      /* A field drawn outside commun/champ.html: add the hint next to it. */
      compteur = document.createElement("p");
      compteur.className = "fr-hint-text fr-mt-1v fr-mb-0 compteur-caracteres";
      if (champ.id) {
        compteur.id = champ.id + "-compteur";
        var decrit = champ.getAttribute("aria-describedby");
        champ.setAttribute("aria-describedby", (decrit ? decrit + " " : "") + compteur.id);
      }
      champ.insertAdjacentElement("afterend", compteur);
    }
    /* Said once when the text goes over the limit or back under it, not at each key. */
    var annonce = document.createElement("span");
    annonce.className = "fr-sr-only";
    annonce.setAttribute("aria-live", "polite");
    compteur.insertAdjacentElement("afterend", annonce);
    var depassait = null;

    function mettre_a_jour() {
      var n = longueur(champ.value);
      var depasse = n > max;
      if (depasse) {
        compteur.textContent = nombre(n) + " caractères sur " + nombre(max) + " au maximum : " +
          nombre(n - max) + " de trop. Raccourcissez le texte, il ne sera pas coupé.";
      } else {
        compteur.textContent = nombre(n) + " caractère" + (n > 1 ? "s" : "") + " sur " + nombre(max) + " au maximum.";
      }
      compteur.classList.toggle("compteur-caracteres--depasse", depasse);
      if (depassait !== null && depasse !== depassait) {
        annonce.textContent = depasse ? "Texte trop long : " + nombre(n - max) + " caractères de trop." : "Le texte tient dans la limite.";
      }
      depassait = depasse;
    }
    champ.addEventListener("input", mettre_a_jour);
    mettre_a_jour();
  });
})();

(function () {
  "use strict";
  var resume = document.querySelector("[data-resume-erreurs]");
  if (!resume) { return; }
  if (document.activeElement === resume) {
    resume.scrollIntoView({block: "start"});
    return;
  }
  if (!document.activeElement || document.activeElement === document.body) {
    resume.focus({preventScroll: true});
    resume.scrollIntoView({block: "start"});
  }
})();
