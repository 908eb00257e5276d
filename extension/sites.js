// The sites BadgeLens looks at by itself: one entry per site, and everything
// else is derived from it (detect.js `siteOf` and the rules each kind of site
// gets, the options page's switches, the claims' "LinkedIn says …", and both
// manifests' host permissions and content-script matches, which
// `node tools/sync-manifests.mjs` writes and test/manifest.test.mjs checks).
// Adding a site is one entry here, then that command.
//
// LinkedIn's own words (its buttons, section headings and date lines) in
// every language the extension knows are the `linkedin` table below: detection
// goes by page structure first, and by these words only where LinkedIn's
// markup says nothing else.
// A classic script that sets globalThis.BadgeLens.SITES and .LINKEDIN_WORDS (see patterns.js).
(function (root) {
  'use strict';
  const ns = (root.BadgeLens = root.BadgeLens || {});

  /**
   * - id: the key of the options' switch (storage `sites.<id>`) and of the rules;
   * - name: shown in the options (product names: not translated);
   * - kind: 'profile' (entries state claims: title, issuer, whose profile),
   *   'platform' (the page is a badge's own page), 'webmail' (attachments and
   *   the sender of each message);
   * - matches: where the content scripts run automatically (the manifests);
   * - hosts: where this site's rules apply (also when the context menu injects
   *   the scripts); a leading "." takes the domain and all its subdomains;
   * - claimsBy: who states the claims in notes: a name, or a message key.
   */
  ns.SITES = Object.freeze([
    { id: 'linkedin', name: 'LinkedIn', kind: 'profile', matches: ['https://www.linkedin.com/*'], hosts: ['.linkedin.com'], claimsBy: { name: 'LinkedIn' } },
    { id: 'credly', name: 'Credly', kind: 'platform', matches: ['https://www.credly.com/*'], hosts: ['.credly.com', '.youracclaim.com'], claimsBy: { name: 'Credly' } },
    {
      id: 'badgr', name: 'Badgr / Parchment', kind: 'platform',
      matches: ['https://badgr.com/*', 'https://eu.badgr.com/*', 'https://badges.parchment.com/*'], hosts: ['.badgr.com', '.badgr.io', '.parchment.com'],
      claimsBy: { message: 'siteThisPage' },
    },
    { id: 'gmail', name: 'Gmail', kind: 'webmail', matches: ['https://mail.google.com/*'], hosts: ['mail.google.com'], claimsBy: { message: 'siteTheMessage' } },
    {
      id: 'outlook', name: 'Outlook (outlook.com, Microsoft 365)', kind: 'webmail',
      matches: ['https://outlook.office.com/*', 'https://outlook.office365.com/*', 'https://outlook.live.com/*'],
      hosts: ['outlook.office.com', 'outlook.office365.com', 'outlook.live.com'], claimsBy: { message: 'siteTheMessage' },
    },
  ].map((s) => Object.freeze(s)));

  /**
   * LinkedIn's words, per language of LinkedIn's interface (its own labels,
   * as rendered on profiles and on /details/certifications/; where a label
   * could not be confirmed on a live page it is the best knowledge of it, and
   * extension/README.md says which):
   * - credential: the button that links a certification to its badge;
   * - sections: section headings (never a person's name);
   * - lines: an entry's lines that are neither its title nor its issuer
   *   (dates, the credential id, skills, "see more");
   * - logo: the alt text of an organisation's logo, `$` for the name.
   */
  ns.LINKEDIN_WORDS = Object.freeze({
    en: {
      credential: ['Show credential', 'See credential', 'View credential'],
      sections: ['Licenses & certifications', 'Licences & certifications', 'Certifications', 'Experience', 'Education', 'Skills', 'Projects', 'Honors & awards', 'Courses', 'Activity'],
      lines: ['Issued', 'Expires', 'Expired', 'No expiration date', 'Credential ID', 'Skills:', 'Skill:', 'See more', '…see more', 'Associated with'],
      logo: ['$ logo'],
    },
    de: {
      credential: ['Nachweis anzeigen', 'Referenz anzeigen', 'Zertifikat anzeigen'],
      sections: ['Lizenzen und Zertifikate', 'Lizenzen & Zertifikate', 'Zertifikate', 'Berufserfahrung', 'Ausbildung', 'Kenntnisse', 'Projekte', 'Auszeichnungen', 'Kurse', 'Aktivitäten'],
      lines: ['Ausgestellt', 'Gültig bis', 'Läuft ab', 'Abgelaufen', 'Kein Ablaufdatum', 'Nachweis-ID', 'Referenz-ID', 'Kenntnisse:', 'Mehr anzeigen', '…mehr anzeigen', 'Verbunden mit'],
      logo: ['Logo von $', '$ Logo'],
    },
    fr: {
      credential: ['Afficher l’identifiant', 'Voir le justificatif', 'Afficher le justificatif', 'Voir l’identifiant'],
      sections: ['Licences et certifications', 'Licences & certifications', 'Certifications', 'Expérience', 'Formation', 'Compétences', 'Projets', 'Distinctions', 'Cours', 'Activité'],
      lines: ['Délivrée le', 'Délivré le', 'Émis le', 'Expire le', 'Expirée le', 'Aucune date d’expiration', 'ID de l’identifiant', 'Identifiant', 'Compétences :', 'Voir plus', '…voir plus', 'Associé à'],
      logo: ['Logo de $', 'Logo $'],
    },
    es: {
      credential: ['Mostrar credencial', 'Ver credencial'],
      sections: ['Licencias y certificaciones', 'Certificaciones', 'Experiencia', 'Educación', 'Aptitudes', 'Proyectos', 'Reconocimientos y premios', 'Cursos', 'Actividad'],
      lines: ['Expedición', 'Expedida', 'Emitida', 'Vencimiento', 'Caduca', 'Caducada', 'Sin fecha de vencimiento', 'ID de la credencial', 'Aptitudes:', 'Ver más', '…ver más', 'Asociado con'],
      logo: ['Logotipo de $', 'Logo de $'],
    },
    pt: {
      credential: ['Exibir credencial', 'Mostrar credencial', 'Ver credencial'],
      sections: ['Licenças e certificados', 'Licenças e certificações', 'Certificados', 'Experiência', 'Formação acadêmica', 'Competências', 'Projetos', 'Prêmios', 'Cursos', 'Atividades'],
      lines: ['Emitido em', 'Emitida em', 'Expedido em', 'Expedida em', 'Expira em', 'Expirou em', 'Expirado', 'Nenhuma data de expiração', 'Sem data de expiração',
        'Código da credencial', 'ID da credencial', 'Competências:', 'Exibir mais', 'Mostrar mais', 'Ver mais', '…ver mais', '… mais', '…mais', 'Associado a', 'Associados a'],
      logo: ['Logotipo de $', 'Logo de $'],
    },
  });

  /** The entry for a site id ("other": none). */
  ns.siteInfo = (id) => ns.SITES.find((s) => s.id === id) || null;
})(globalThis);
