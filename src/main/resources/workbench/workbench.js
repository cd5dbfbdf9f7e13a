/*
 * facial-cds workbench: a structured form and a JSON box for one patient, the suggestions of the
 * knowledge base, the pathway the patient took, derivation graphs, "why not?" and the CDS Hooks cards.
 * Decision support only. Plain ES2020, no dependencies. Every node is built with createElement and
 * textContent, never innerHTML: the data may contain free text from a patient record.
 */
'use strict';

(() => {
  // ------------------------------------------------------------------ small DOM helpers

  const $ = (id) => document.getElementById(id);

  /** An HTML element; props: text, on<event> handlers, anything else is an attribute. */
  const el = (tag, props = {}, ...children) => decorate(document.createElement(tag), props, children);

  /** The same for SVG elements. */
  const svg = (tag, props = {}, ...children) =>
    decorate(document.createElementNS('http://www.w3.org/2000/svg', tag), props, children);

  function decorate(node, props, children) {
    for (const [key, value] of Object.entries(props)) {
      if (value == null || value === false) continue;
      if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child != null && child !== false) node.append(child); // strings become text nodes
    }
    return node;
  }

  const clear = (node) => { node.replaceChildren(); return node; };
  const option = (value, text) => el('option', {value, text});
  const copy = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

  /** A small icon drawn by CSS; the word beside it carries the meaning (colour is never the only signal). */
  const icon = (kind) => el('span', {class: `icon icon-${kind}`, 'aria-hidden': 'true'});

  // ------------------------------------------------------------------ state and API

  const state = {
    catalogue: null,
    rules: new Map(),     // rule id -> catalogue rule (name, file, evidence)
    base: {},             // the facts last loaded into the form: keeps what the form has no control for
    result: null,         // the last /api/evaluate response
    evaluatedText: null,  // the JSON box text that result was computed from
  };

  /** Calls the API; a failure throws an Error whose .issues are the OperationOutcome texts. */
  async function api(path, body) {
    const init = body === undefined ? {} : {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: typeof body === 'string' ? body : JSON.stringify(body)};
    const response = await fetch(path, init).catch((e) => {
      throw problem([`The workbench service did not answer (${e.message}). Is facial-cds serve running?`]);
    });
    const json = await response.json().catch(() => null);
    if (!response.ok) {
      throw problem(json && Array.isArray(json.issue)
        ? json.issue.map((i) => (i.details && i.details.text) || i.diagnostics || i.code)
        : [`HTTP ${response.status} from ${path}`]);
    }
    if (json === null) throw problem([`The answer from ${path} is not JSON.`]);
    return json;
  }

  function problem(issues) {
    return Object.assign(new Error(issues.join('; ')), {issues});
  }

  function showErrors(error, intro = 'The input was not evaluated:') {
    const issues = error.issues || [error.message || String(error)];
    clear($('errors')).append(el('p', {text: intro}), el('ul', {}, issues.map((t) => el('li', {text: t}))));
    $('errors').hidden = false;
  }

  const clearErrors = () => { clear($('errors')).hidden = true; };

  // ------------------------------------------------------------------ words

  const LABELS = {
    NVC_SYMPTOMATIC_SIDE: 'Neurovascular contact, twitching side', NVC_CONTRALATERAL_ONLY: 'Neurovascular contact, '
      + 'other side only', TUMOUR_CPA: 'Tumour, cerebellopontine angle', ALS: 'ALS', MRI: 'MRI', CT: 'CT', IV: 'IV',
    IM: 'IM', HFS_PROTOCOL: 'HFS protocol', MR_CONDITIONAL_DEVICE: 'MR-conditional device',
    NON_MR_CONDITIONAL_DEVICE: 'Non-MR-conditional device', CNS_DEPRESSANT: 'CNS depressant',
    VMAT2_INHIBITOR: 'VMAT2 inhibitor', BELLS_PALSY: "Bell's palsy", NOT_DOCUMENTED: 'Not documented (stated)',
  };

  /** UPPER_SNAKE value -> "Upper snake" for a label; the value itself is what goes into the JSON. */
  function human(value) {
    const words = String(value).toLowerCase().replace(/_/g, ' ');
    return LABELS[value] || words.charAt(0).toUpperCase() + words.slice(1);
  }

  const REASONS = {
    CONTRAINDICATED: 'label contraindication', BOXED_WARNING: 'boxed warning', DEFER: 'not now',
    BEERS: 'AGS Beers criteria (age 65 or over)', CAUTION_SPECIALIST: 'only a specialist should decide',
    NOT_INDICATED: 'no evidence for this presentation', PREMATURE: 'work-up incomplete',
    WRONG_DIAGNOSIS: 'belongs to another condition', POLICY: 'local policy',
  };

  /** Result sections in display order: [id, heading, kinds]. */
  const SECTIONS = [
    ['alerts', 'Alerts', ['ALERT']], ['avoid', 'Avoid (vetoes)', ['AVOID']],
    ['diagnosis', 'Diagnostic hypotheses', ['DIAGNOSIS']], ['imaging', 'Imaging and tests', ['IMAGING', 'TEST']],
    ['referral', 'Referral suggestions', ['REFERRAL']], ['treatment', 'Treatment suggestions', ['TREATMENT']],
    ['lifestyle', 'Lifestyle suggestions', ['LIFESTYLE']], ['data', 'Data needed', ['DATA_NEEDED']],
  ];
  const KIND_TITLES = {ALERT: 'Alerts', AVOID: 'Vetoes (avoid)', DIAGNOSIS: 'Diagnostic hypotheses', IMAGING: 'Imaging',
    TEST: 'Tests', REFERRAL: 'Referrals', TREATMENT: 'Treatments', LIFESTYLE: 'Lifestyle', DATA_NEEDED: 'Data needed'};

  // ------------------------------------------------------------------ the form: description

  const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
  const SNOMED = 'http://snomed.info/sct';
  const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
  const B = 'bool';
  const bools = (pairs) => pairs.map(([path, label]) => [path, B, label]);

  /*
   * The form, in the order a clinician examines. A field is [path, type, label, options]; types:
   * text, date, int, num, bool (3-state), enum:VOCAB, multi:VOCAB (checkbox group), code:VOCAB
   * (free text with suggestions), choice (options.options). Objects are nested fieldsets
   * ({legend, prefix, items}) or repeatable rows ({list, legend, noun, items}).
   */
  const FORM = [
    {legend: 'Patient', prefix: '', items: [
      ['id', 'text', 'Patient or case id'], ['asOf', 'date', 'Evaluation date (asOf)'], ['age', 'int', 'Age (years)'],
      ['birthDate', 'date', 'Or birth date'], ['sex', 'enum:sex', 'Sex'],
      ...bools([['pregnant', 'Pregnant'], ['breastfeeding', 'Breastfeeding']])]},
    {legend: 'Presentation', prefix: 'twitching.', items: [
      ['laterality', 'enum:laterality', 'Laterality'], ['movement', 'enum:movement', 'Movement'],
      ['regions', 'multi:region', 'Regions involved now'], ['firstRegion', 'enum:region', 'Region where it started'],
      ['onsetDate', 'date', 'Onset date'], ['durationDays', 'int', 'Or duration (days)'],
      ...bools([['onsetAbrupt', 'Abrupt onset'], ['progressive', 'Progressive course'], ['continuous', 'Continuous'],
        ['persistsInSleep', 'Persists in sleep'], ['spreadSinceOnset', 'Spread since onset'],
        ['sensoryTrick', 'Sensory trick eases it'], ['increasedBlinking', 'Increased blinking'],
        ['photophobia', 'Photophobia'], ['canSuppress', 'Can suppress it'], ['premonitoryUrge', 'Premonitory urge'],
        ['browLiftSign', 'Brow-lift sign'], ['triggeredByVoluntaryMovement', 'Triggered by voluntary movement'],
        ['impairedAwareness', 'Impaired awareness'], ['spreadsToLimb', 'Spreads to a limb'],
        ['distractible', 'Distractible'], ['painful', 'Painful']]),
      ['triggers', 'multi:trigger', 'Triggers']]},
    {legend: 'Examination', prefix: 'exam.', items: [['neuroExam', 'enum:neuroExam', 'Neurological exam'],
      ...bools([['facialWeakness', 'Facial weakness'], ['eyeClosureIncomplete', 'Eye closure incomplete'],
        ['ptosis', 'Ptosis'], ['ptosisFatigable', 'Fatigable ptosis'], ['diplopia', 'Diplopia'],
        ['hearingLoss', 'Hearing loss'], ['tinnitus', 'Tinnitus'], ['vertigo', 'Vertigo'],
        ['facialNumbness', 'Facial numbness'], ['dysarthria', 'Dysarthria'], ['dysphagia', 'Dysphagia'],
        ['dyspnea', 'Dyspnoea'], ['limbWeakness', 'Limb weakness'], ['limbSensoryLoss', 'Limb sensory loss'],
        ['areflexia', 'Areflexia'], ['ataxia', 'Ataxia'], ['parkinsonism', 'Parkinsonism']])]},
    {legend: 'History', prefix: 'history.', items: [
      {legend: 'Facial palsy', prefix: 'history.facialPalsy.', items: [['side', 'enum:palsySide', 'Side'],
        ['onsetDate', 'date', 'Onset date'], ['cause', 'enum:palsyCause', 'Cause'], ['recovery', 'enum:recovery', 'Recovery']]},
      {legend: 'Botulinum toxin', prefix: 'history.botulinumToxin.', items: [
        ['lastInjectionDate', 'date', 'Last injection'], ['response', 'enum:toxinResponse', 'Response'],
        ...bools([['hypersensitivity', 'Hypersensitivity'], ['injectionSiteInfection', 'Injection-site infection now']])]},
      ...bools([['headNeckRadiation', 'Head or neck radiation'], ['priorEyelidSurgery', 'Prior eyelid surgery'],
        ['visualEpisode', 'Past visual episode in one eye'], ['falls', 'Falls']])]},
    {legend: 'Medications and conditions', prefix: '', items: [
      {list: 'medications', legend: 'Medications', noun: 'medication', items: [
        ['name', 'text', 'Name'], ['classes', 'multi:drugClass', 'Drug classes'],
        ['code.system', 'choice', 'Code system', {options: [[RXNORM, 'RxNorm'], [SNOMED, 'SNOMED CT']]}],
        ['code.code', 'text', 'Code'], ['route', 'enum:route', 'Route'],
        ['startDate', 'date', 'Start date'], ['endDate', 'date', 'End date (empty: still taking)']]},
      {list: 'conditions', legend: 'Conditions', noun: 'condition', items: [
        ['system', 'choice', 'Code system', {empty: 'none (a word from the list)', options: [[SNOMED, 'SNOMED CT'],
          [ICD10, 'ICD-10-CM']]}], ['code', 'code:condition', 'Condition word or code']]},
      ['labs.egfr', 'num', 'eGFR (mL/min/1.73 m²)']]},
    {legend: 'Imaging', prefix: '', items: [
      {list: 'imaging', legend: 'Imaging studies', noun: 'imaging study', items: [
        ['modality', 'enum:modality', 'Modality'], ['status', 'enum:imagingStatus', 'Status'], ['date', 'date', 'Date'],
        ['contrast', B, 'Contrast'], ['protocol', 'enum:protocol', 'Protocol'], ['findings', 'multi:finding', 'Findings']]},
      ['mriSafety', 'enum:mriSafety', 'MRI safety'], ['eeg', 'enum:eeg', 'EEG']]},
    {legend: 'Lifestyle', prefix: 'lifestyle.', items: [['caffeineMgPerDay', 'num', 'Caffeine (mg/day)'],
      ['sleepHoursPerNight', 'num', 'Sleep (hours/night)'], ['highStress', B, 'High stress'],
      ['alcoholUse', 'enum:alcoholUse', 'Alcohol use']]},
    {legend: 'Preferences', prefix: 'preferences.', items: bools([['declinesInjections', 'Declines injections'],
      ['wantsDefinitiveTreatment', 'Wants definitive treatment']])},
  ];

  // ------------------------------------------------------------------ the form: building

  let rowCounter = 0;

  /** A fieldset whose fields sit in a grid; checkbox groups, sub-groups and lists span the grid. */
  function buildGroup(spec, vocabulary, cls) {
    const grid = el('div', {class: 'grid'}, spec.items.map((item) => {
      if (Array.isArray(item)) return buildField(item, vocabulary, {prefix: spec.prefix});
      return item.list ? buildList(item, vocabulary) : buildGroup(item, vocabulary, 'subgroup wide');
    }));
    return el('fieldset', {class: cls}, el('legend', {text: spec.legend}), grid);
  }

  /**
   * One labelled control. Top-level controls carry data-path (the JSON path); controls inside a
   * repeatable row carry data-sub (the path inside the row's object) and a row-unique id.
   */
  function buildField([path, type, label, options = {}], vocabulary, where) {
    const [kind, vocab] = type.split(':');
    const id = where.row ? `${where.row}-${path.replace(/\./g, '-')}` : `fld-${(where.prefix + path).replace(/\./g, '-')}`;
    const attrs = {id, 'data-type': kind, ...(where.row ? {'data-sub': path} : {'data-path': where.prefix + path})};
    const values = vocab ? (vocabulary[vocab] || []) : [];
    if (kind === 'multi') return buildMulti(attrs, label, values);
    let control;
    if (kind === 'bool') {
      control = el('select', attrs, option('', 'not documented'), option('true', 'yes'), option('false', 'no'));
    } else if (kind === 'enum' || kind === 'choice') {
      const pairs = kind === 'enum' ? values.map((v) => [v, human(v)]) : options.options;
      control = el('select', attrs, kind === 'enum' || options.empty ? option('', options.empty || 'not documented') : null,
        pairs.map(([v, text]) => option(v, text)));
    } else {
      const numeric = kind === 'int' || kind === 'num';
      control = el('input', {...attrs, type: numeric ? 'number' : 'text', autocomplete: 'off', min: numeric ? '0' : null,
        step: numeric ? (kind === 'int' ? '1' : 'any') : null, placeholder: kind === 'date' ? 'YYYY-MM-DD' : null,
        list: kind === 'code' ? `${id}-list` : null});
    }
    return el('div', {class: 'field'}, el('label', {for: id, text: label}), control,
      kind === 'code' ? el('datalist', {id: `${id}-list`}, values.map((v) => option(v, human(v)))) : null);
  }

  /** A checkbox group: the fieldset itself carries the path. */
  function buildMulti(attrs, label, values) {
    const boxes = values.map((v) => el('span', {class: 'check'}, el('input', {type: 'checkbox', id: `${attrs.id}-${v}`,
      value: v}), el('label', {for: `${attrs.id}-${v}`, text: human(v)})));
    return el('fieldset', {...attrs, class: 'multi wide'}, el('legend', {text: label}),
      el('div', {class: 'checks'}, boxes), el('p', {class: 'kept-note', hidden: true}));
  }

  /**
   * Repeatable rows. The select says whether the list is documented at all: an absent list is
   * "not documented", an empty one is "none", and the difference matters to the rules.
   */
  function buildList(spec, vocabulary) {
    const id = `fld-${spec.list}`;
    const documented = el('select', {id, 'data-path': spec.list, 'data-type': 'list'},
      option('', 'not documented'), option('none', 'none (documented)'), option('rows', 'as listed below'));
    const list = el('fieldset', {class: 'list wide', 'data-list': spec.list}, el('legend', {text: spec.legend}),
      el('div', {class: 'field'}, el('label', {for: id, text: `${spec.legend}: documented?`}), documented),
      el('div', {class: 'rows'}),
      el('button', {type: 'button', class: 'add-row', text: `Add ${spec.noun}`, onclick: () => newRow(list)}));
    Object.assign(list, {spec, vocabulary});
    documented.addEventListener('change', () => {
      // "as listed below" with no rows yet: give the clinician a row to fill.
      if (documented.value === 'rows' && !rowsOf(list).length) newRow(list);
    });
    return list;
  }

  const rowsOf = (list) => [...list.querySelector('.rows').children];

  function newRow(list) {
    addRow(list, {}).querySelector('input, select').focus();
    formChanged();
  }

  function addRow(list, item) {
    const rowId = `${list.spec.list}-${++rowCounter}`;
    const row = el('fieldset', {class: 'row'}, el('legend'),
      el('div', {class: 'grid'}, list.spec.items.map((f) => buildField(f, list.vocabulary, {row: rowId}))),
      el('p', {class: 'kept-note', hidden: true}),
      el('button', {type: 'button', class: 'remove-row', onclick: () => removeRow(list, row)}));
    list.querySelector('.rows').append(row);
    fillRow(row, item);
    list.querySelector('[data-type="list"]').value = 'rows';
    renumberRows(list);
    return row;
  }

  function removeRow(list, row) {
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    // Unknown is not false: removing the last row does not claim "none".
    if (!rowsOf(list).length) list.querySelector('[data-type="list"]').value = '';
    renumberRows(list);
    (next ? next.querySelector('.remove-row') : list.querySelector('.add-row')).focus();
    formChanged();
  }

  function renumberRows(list) {
    const noun = list.spec.noun;
    rowsOf(list).forEach((row, i) => {
      row.querySelector('legend').textContent = `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${i + 1}`;
      row.querySelector('.remove-row').textContent = `Remove ${noun} ${i + 1}`;
    });
  }

  // ------------------------------------------------------------------ the form: reading and writing

  const getPath = (obj, path) => path.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), obj);

  /** Sets (or, for undefined, deletes) the value at a dotted path, creating objects on the way. */
  function putPath(obj, path, value) {
    const keys = path.split('.');
    const last = keys.pop();
    let o = obj;
    for (const k of keys) {
      if (!o[k] || typeof o[k] !== 'object' || Array.isArray(o[k])) {
        if (value === undefined) return;
        o[k] = {};
      }
      o = o[k];
    }
    if (value === undefined) delete o[last]; else o[last] = value;
  }

  /** Removes empty objects left behind by deleted fields (arrays stay: [] means "none"). */
  function pruneEmpty(obj) {
    for (const [k, v] of Object.entries(obj)) {
      if (v && typeof v === 'object' && !Array.isArray(v) && !Object.keys(pruneEmpty(v)).length) delete obj[k];
    }
    return obj;
  }

  /** The JSON value of a control, or undefined for "not documented". */
  function valueOf(control) {
    const type = control.dataset.type;
    if (type === 'multi') {
      const all = [...control.querySelectorAll('input:checked')].map((c) => c.value).concat(control.kept || []);
      return all.length || control.keptEmpty ? all : undefined;
    }
    const raw = control.value.trim();
    if (raw === '') return undefined;
    const chosen = control.tagName === 'SELECT' ? control.selectedOptions[0] : null;
    if (chosen && 'rawValue' in chosen) return chosen.rawValue;
    if (type === 'bool') return raw === 'true';
    return type === 'int' || type === 'num' ? Number(raw) : raw;
  }

  /** Shows a JSON value in a control; a value outside the vocabulary is kept, never dropped. */
  function setControl(control, value) {
    if (control.dataset.type === 'multi') {
      const values = Array.isArray(value) ? value : value == null ? [] : [value];
      const boxes = [...control.querySelectorAll('input')];
      boxes.forEach((box) => { box.checked = values.includes(box.value); });
      control.kept = values.filter((v) => !boxes.some((box) => box.value === v));
      control.keptEmpty = Array.isArray(value) && !value.length; // [] is "none", not "not documented"
      showKept(control.querySelector('.kept-note'), control.kept.length ? control.kept : null);
      return;
    }
    const text = value == null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    control.value = text;
    if (control.tagName === 'SELECT' && control.value !== text) {
      control.append(Object.assign(option(text, `${text} (not in the vocabulary; kept)`), {rawValue: value}));
      control.value = text;
    }
  }

  function showKept(note, values) {
    note.hidden = !values;
    note.textContent = values ? `Also kept from the JSON (no control for it here): ${JSON.stringify(values)}` : '';
  }

  const topControls = () => [...$('assessment-form').querySelectorAll('[data-path]:not([data-type="list"])')];
  const lists = () => [...$('assessment-form').querySelectorAll('[data-list]')];

  /** The patient facts the form shows, on top of what was loaded (fields without a control stay). */
  function formToFacts() {
    const facts = copy(state.base) || {};
    for (const control of topControls()) putPath(facts, control.dataset.path, valueOf(control));
    for (const list of lists()) {
      const rows = rowsOf(list).map(readRow);
      const none = list.querySelector('[data-type="list"]').value === 'none';
      putPath(facts, list.dataset.list, rows.length ? rows : none ? [] : undefined);
    }
    return pruneEmpty(facts);
  }

  function readRow(row) {
    const item = copy(row.kept) || {};
    for (const control of row.querySelectorAll('[data-sub]')) putPath(item, control.dataset.sub, valueOf(control));
    // A code system alone is not a code: leave it out until the code is typed.
    if (item.code && typeof item.code === 'object' && !item.code.code) delete item.code;
    if (item.system && !item.code) delete item.system;
    return pruneEmpty(item);
  }

  function fillRow(row, item) {
    const kept = copy(item);
    for (const control of row.querySelectorAll('[data-sub]')) {
      setControl(control, getPath(item, control.dataset.sub));
      putPath(kept, control.dataset.sub, undefined);
    }
    row.kept = pruneEmpty(kept);
    showKept(row.querySelector(':scope > .kept-note'), Object.keys(row.kept).length ? row.kept : null);
  }

  /** Fills every control from patient facts; the facts become the base the form writes on. */
  function factsToForm(facts) {
    state.base = copy(facts);
    for (const control of topControls()) setControl(control, getPath(facts, control.dataset.path));
    for (const list of lists()) {
      const items = facts[list.dataset.list];
      clear(list.querySelector('.rows'));
      list.querySelector('[data-type="list"]').value = Array.isArray(items) ? 'none' : '';
      for (const item of Array.isArray(items) ? items : []) {
        addRow(list, item && typeof item === 'object' ? item : {code: item});
      }
    }
    setFormEnabled(true);
  }

  function setFormEnabled(enabled) {
    for (const group of $('assessment-form').querySelectorAll(':scope > fieldset')) group.disabled = !enabled;
  }

  // ------------------------------------------------------------------ form <-> JSON box

  /** Pretty JSON with short lists of words on one line, easier to read in the box. */
  function pretty(value) {
    return JSON.stringify(value, null, 2).replace(/\[\s+((?:"[^"\n]*",?\s*)+)\]/g,
      (all, items) => (all.length > 100 ? all : `[${items.trim().split(/,\s*/).join(', ')}]`));
  }

  function formChanged() {
    if (!state.catalogue) return;
    $('patient-json').value = pretty(formToFacts());
    setSync('The JSON box shows the form as patient facts (fields left “not documented” are absent).');
    markStale();
  }

  let jsonTimer = null;

  /** Typing in the JSON box fills the form as soon as the text is valid patient facts. */
  function jsonEdited() {
    markStale();
    clearTimeout(jsonTimer);
    jsonTimer = setTimeout(() => jsonToForm(true), 400);
  }

  function jsonToForm(quiet) {
    clearTimeout(jsonTimer);
    let parsed;
    try {
      parsed = JSON.parse($('patient-json').value);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected one JSON object');
    } catch (e) {
      const message = `The JSON box is not valid JSON (${e.message}); the form was not changed.`;
      if (quiet) setSync(message); else showErrors(problem([message]), 'The form could not be filled:');
      return;
    }
    if (!quiet) clearErrors();
    if (parsed.resourceType) {
      setFormEnabled(false); // a form edit now would silently replace the bundle
      setSync(`The JSON box holds FHIR R4 (${parsed.resourceType}); it is evaluated as is. After Evaluate the form ` +
        'shows what the mapping made of it, and editing the form then turns the JSON into patient facts.');
      return;
    }
    factsToForm(parsed);
    setSync('The form shows the patient facts from the JSON box.');
  }

  const setSync = (text) => { $('sync-status').textContent = text; };
  function markStale() {
    const stale = state.result !== null && $('patient-json').value !== state.evaluatedText;
    $('stale-note').hidden = !stale;
    $('results').classList.toggle('stale', stale);
  }

  // ------------------------------------------------------------------ examples

  async function loadExamples() {
    const examples = await api('/api/examples');
    const groups = [['patient-facts', 'Patient facts'], ['fhir', 'FHIR R4']].map(([format, label]) =>
      el('optgroup', {label}, examples.filter((x) => (x.format === 'fhir') === (format === 'fhir'))
        .map((x) => option(x.name, x.name))));
    clear($('example')).append(...groups.filter((g) => g.children.length));
    if (!examples.length) $('example').append(option('', '(no examples available)'));
    $('load-example').disabled = !examples.length;
  }

  async function loadExample() {
    const name = $('example').value;
    if (!name) return;
    clearErrors();
    try {
      const example = await api(`/api/examples/${encodeURIComponent(name)}`);
      $('patient-json').value = pretty(example);
      if (example.resourceType) {
        jsonToForm(false);
      } else {
        factsToForm(example);
        setSync(`Example ${name} loaded into the form and the JSON box; press Evaluate.`);
      }
      markStale();
    } catch (e) {
      showErrors(e, 'The example could not be loaded:');
    }
  }

  // ------------------------------------------------------------------ evaluate

  async function evaluate() {
    clearErrors();
    const text = $('patient-json').value;
    $('evaluate').disabled = true;
    $('results').setAttribute('aria-busy', 'true');
    $('eval-status').textContent = 'Evaluating…';
    try {
      const result = await api('/api/evaluate', text);
      Object.assign(state, {result, evaluatedText: text});
      if (result.input === 'fhir' && result.facts) {
        factsToForm(result.facts);
        setSync('The form shows the patient facts the FHIR mapping produced; the JSON box still holds the FHIR ' +
          'bundle. Editing the form replaces it with these patient facts.');
      }
      renderResult(result);
    } catch (e) {
      $('eval-status').textContent = 'Not evaluated: see the problems above.';
      showErrors(e);
      clearResult();
    } finally {
      $('evaluate').disabled = false;
      $('results').removeAttribute('aria-busy');
      markStale();
    }
  }

  function renderResult(result) {
    const ev = result.evaluation;
    const recs = ev.recommendations || [];
    const count = (kind) => recs.filter((r) => r.kind === kind).length;
    $('eval-status').textContent = `Patient ${ev.patientId || '(no id)'}, as of ${ev.asOf}: ${recs.length} ` +
      `suggestion${recs.length === 1 ? '' : 's'} (alerts ${count('ALERT')}, vetoes ${count('AVOID')}, data needed ` +
      `${count('DATA_NEEDED')})${result.input === 'fhir' ? ', from FHIR' : ''}.`;
    if (ev.disclaimer) $('disclaimer-text').textContent = ev.disclaimer;
    const warnings = ev.warnings || [];
    clear($('warnings')).hidden = !warnings.length;
    if (warnings.length) {
      $('warnings').append(el('h3', {text: 'Warnings about the data'}),
        el('ul', {}, warnings.map((w) => el('li', {text: w}))));
    }
    renderRecommendations(recs);
    renderPathway();
    markPresentCodes(recs);
    renderCards(result.cards);
  }

  /** After a failed evaluation nothing of an earlier one stays on screen: it was about other input. */
  function clearResult() {
    Object.assign(state, {result: null, evaluatedText: null});
    clear($('results')).append(el('p', {class: 'empty', text: 'No suggestions: the input could not be evaluated.'}));
    clear($('warnings')).hidden = true;
    renderPathway();
    clear($('node-detail'));
    markPresentCodes([]);
    clear($('cards-preview')).append(el('p', {class: 'empty', text: 'No evaluation yet.'}));
    $('cards-json').textContent = '';
    clear($('derivation'));
    $('derivation-title').textContent = 'Press “Show derivation graph” on a suggestion.';
  }

  // ------------------------------------------------------------------ results

  function renderRecommendations(recs) {
    const results = clear($('results'));
    for (const [id, heading, kinds] of SECTIONS) {
      const mine = recs.filter((r) => kinds.includes(r.kind));
      results.append(el('section', {class: `kind-section kind-${id}${mine.length ? '' : ' is-empty'}`,
        id: `section-${id}`, 'aria-labelledby': `section-${id}-h`},
      el('h3', {id: `section-${id}-h`, text: `${heading} (${mine.length})`}),
      mine.length ? el('ul', {class: 'rec-list'}, mine.map((r, i) => el('li', {}, renderRec(r, `${id}-${i}`))))
        : el('p', {class: 'empty', text: 'None for these facts.'})));
    }
  }

  function renderRec(rec, key) {
    const flag = {ALERT: ['alert', 'Alert'], AVOID: ['avoid', 'Avoid']}[rec.kind];
    const titleId = `rec-${key}-title`;
    return el('article', {class: `rec${flag ? ` rec-${flag[0]}` : ''}`, 'data-code': rec.code, 'data-kind': rec.kind,
      'aria-labelledby': titleId},
    el('div', {class: 'rec-head'},
      flag ? el('span', {class: `flag flag-${flag[0]}`}, icon(flag[0]), flag[1]) : null,
      el('h4', {id: titleId, text: rec.title || rec.code}),
      rec.urgency ? el('span', {class: `badge urgency urgency-${rec.urgency}`, text: rec.urgency}) : null,
      rec.reason ? el('span', {class: 'badge reason', text: rec.reason}) : null,
      REASONS[rec.reason] ? el('span', {class: 'reason-text', text: REASONS[rec.reason]}) : null),
    el('p', {class: 'rec-code'}, el('code', {text: rec.code})),
    rec.detail ? el('p', {class: 'detail', text: rec.detail}) : null,
    rec.field ? renderField(rec.field) : null,
    renderEvidence(rec.evidence),
    (rec.cautions || []).length ? el('div', {class: 'cautions'}, el('strong', {text: 'Cautions'}),
      el('ul', {}, rec.cautions.map((c) => el('li', {text: c})))) : null,
    renderBecause(rec.because || []),
    el('button', {type: 'button', class: 'show-derivation', text: 'Show derivation graph', 'aria-controls': 'derivation',
      onclick: () => showDerivation(rec)}));
  }

  /** DATA_NEEDED: the missing field, with a way to jump to its control in the form. */
  function renderField(field) {
    const path = field.replace(/^\$\.?/, '').replace(/\[\d+\]/g, '');
    const found = topControls().concat(lists().map((l) => l.querySelector('select'))).find((c) => c.dataset.path === path);
    const control = found && found.dataset.type === 'multi' ? found.querySelector('input') : found;
    return el('p', {class: 'field-needed'}, 'Missing: ', el('code', {text: field}), ' ',
      control ? el('button', {type: 'button', class: 'link-button', text: 'Go to this field',
        onclick: () => { control.scrollIntoView({block: 'center'}); control.focus(); }}) : null);
  }

  function renderEvidence(evidence) {
    if (!evidence) return null;
    const level = evidence.level ? `level ${evidence.level}${evidence.scheme ? ` (${evidence.scheme})` : ''}` : 'not graded';
    return el('div', {class: 'evidence'}, el('strong', {text: 'Evidence: '}), level,
      (evidence.sources || []).length ? el('ul', {}, evidence.sources.map((s) => el('li', {text: s}))) : null);
  }

  const ruleLink = (id) => el('a', {href: `/knowledge-base/rules?ids=${encodeURIComponent(id)}`, class: 'rule-link',
    target: '_blank', rel: 'noopener', 'aria-describedby': 'new-tab-note', text: id});
  const ruleName = (id) => (state.rules.get(id) || {}).name || '';

  function renderBecause(steps) {
    return el('details', {class: 'because'}, el('summary', {text: 'Because…'}),
      el('ol', {class: 'steps'}, steps.map((s) => el('li', {},
        el('p', {class: 'step-head'}, ruleLink(s.rule), ` ${ruleName(s.rule)}`),
        el('p', {class: 'step-file'}, 'File ', el('code', {text: s.file || '?'}),
          s.concludes ? [', concludes ', el('code', {text: s.concludes})] : ', concludes this suggestion'),
        (s.facts || []).length ? factList(s.facts) : null,
        (s.from || []).length ? el('p', {class: 'step-from'}, 'Built on ',
          s.from.flatMap((c, i) => [i ? ', ' : '', el('code', {text: c})])) : null))));
  }

  const factList = (facts) => el('ul', {class: 'facts'}, [...facts].map((f) => el('li', {text: f})));

  // ------------------------------------------------------------------ pathway

  const PW = {col: 104, gap: 16, top: 40, nodeH: 58, vgap: 10, chars: 14};

  function renderPathway() {
    const stages = state.catalogue.pathway || [];
    const route = (state.result && state.result.route) || {nodes: [], edges: []};
    const onRoute = new Set(route.nodes || []);
    const place = new Map();
    const width = stages.length * (PW.col + PW.gap) - PW.gap + 20;
    const height = PW.top + Math.max(1, ...stages.map((s) => s.nodes.length)) * (PW.nodeH + PW.vgap) + 10;
    const files = stages.reduce((n, s) => n + s.nodes.length, 0);
    const root = svg('svg', {viewBox: `0 0 ${width} ${height}`, width, height, role: 'group', class: 'pathway-svg',
      'aria-labelledby': 'pathway-svg-title'},
    svg('title', {id: 'pathway-svg-title', text: `Clinical pathway: ${stages.length} stages, ${files} rule files` +
      (state.result ? `, ${onRoute.size} on this patient's route` : '; no evaluation yet')}), arrowDefs('pw'));
    const edges = root.appendChild(svg('g', {class: 'route-edges'})); // under the nodes: boxes stay readable
    stages.forEach((stage, i) => {
      const x = 10 + i * (PW.col + PW.gap);
      root.append(svg('text', {x: x + PW.col / 2, y: 18, class: 'stage-title', 'text-anchor': 'middle', text: stage.title}),
        i ? svg('path', {d: `M${x - PW.gap - 2} 14 H${x - 4}`, class: 'stage-arrow', 'marker-end': 'url(#pw-grey)'}) : '');
      stage.nodes.forEach((node, j) => {
        const box = {x, y: PW.top + j * (PW.nodeH + PW.vgap), w: PW.col, h: PW.nodeH, col: i};
        place.set(node.file, box);
        root.append(pathwayNode(node, box, onRoute.has(node.file)));
      });
    });
    for (const edge of route.edges || []) {
      if (!place.has(edge.from) || !place.has(edge.to)) continue;
      edges.append(svg('path', {d: routePath(place.get(edge.from), place.get(edge.to)), class: 'route-edge',
        'marker-end': 'url(#pw-route)'}, svg('title', {text: `${edge.from} → ${edge.to}: ${(edge.codes || []).join(', ')}`})));
    }
    clear($('pathway')).append(root);
    renderRouteText(stages, route, onRoute);
  }

  function pathwayNode(node, box, on) {
    const fired = firedIn(node.file);
    const label = `${node.title} (${node.file}): ${on ? 'on this patient\'s route' : 'not on the route'}` +
      (state.result ? `, ${fired.length} rule${fired.length === 1 ? '' : 's'} fired` : '');
    const activate = () => showNode(node, on);
    return svg('g', {class: `node${on ? ' on-route' : ''}`, 'data-file': node.file, tabindex: '0', role: 'button',
      'aria-label': label, onclick: activate,
      onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); activate(); } }},
    svg('title', {text: label}),
    svg('rect', {x: box.x, y: box.y, width: box.w, height: box.h, rx: 6}),
    textLines(wrap(node.title, PW.chars, 2), box.x + box.w / 2, box.y + 18, 'middle'),
    on ? svg('text', {x: box.x + box.w - 6, y: box.y + 13, class: 'route-mark', 'text-anchor': 'end', text: '●'}) : null,
    state.result ? svg('text', {x: box.x + box.w / 2, y: box.y + box.h - 8, 'text-anchor': 'middle', class: 'fired-count',
      text: `${fired.length} fired`}) : null);
  }

  /** A route edge: forward from right side to left side, within a column as an arc, backward as a loop. */
  function routePath(a, b) {
    const [ay, by] = [a.y + a.h / 2, b.y + b.h / 2];
    if (b.col > a.col) {
      const [x1, x2] = [a.x + a.w, b.x - 3];
      const dx = (x2 - x1) / 2;
      return `M${x1} ${ay} C${x1 + dx} ${ay} ${x2 - dx} ${by} ${x2} ${by}`;
    }
    const x = a.x + a.w;
    if (b.col === a.col) return `M${x} ${ay - 8} C${x + PW.gap} ${ay - 8} ${x + PW.gap} ${by + 8} ${x + 3} ${by + 8}`;
    const x2 = b.x + b.w + 3;
    return `M${a.x} ${ay + 10} C${a.x - 40} ${ay + 40} ${x2 + 40} ${by + 30} ${x2} ${by + 10}`;
  }

  /** The route in words, for readers who cannot see the drawing. */
  function renderRouteText(stages, route, onRoute) {
    const box = clear($('route-text'));
    if (!state.result) return box.append('Evaluate a patient to see the route.');
    const names = new Map(stages.flatMap((s) => s.nodes.map((n) => [n.file, `${s.title}: ${n.title}`])));
    const name = (file) => names.get(file) || file;
    box.append(el('strong', {text: 'Route in words: '}), onRoute.size ? [...onRoute].map(name).join(' · ') : 'no rule fired.');
    if ((route.edges || []).length) {
      box.append(el('br'), 'Hand-overs: ', route.edges.map((e) =>
        `${name(e.from)} → ${name(e.to)} (${(e.codes || []).join(', ')})`).join('; '), '.');
    }
  }

  const allSteps = () => (state.result ? state.result.evaluation.recommendations || [] : []).flatMap((r) => r.because || []);

  /** Rules of this file that fired for the patient. */
  function firedIn(file) {
    if (!state.result) return [];
    const fileOf = new Map(allSteps().map((s) => [s.rule, s.file]));
    const fired = new Set([...(state.result.firedRules || []), ...fileOf.keys()]);
    return [...fired].filter((id) => ((state.rules.get(id) || {}).file || fileOf.get(id)) === file);
  }

  /** The node detail: the rules that fired in this file and the facts they matched for this patient. */
  function showNode(node, on) {
    for (const g of $('pathway').querySelectorAll('.node')) g.classList.toggle('selected', g.dataset.file === node.file);
    const facts = new Map();
    for (const step of allSteps().filter((s) => s.file === node.file)) {
      facts.set(step.rule, new Set([...(facts.get(step.rule) || []), ...(step.facts || [])]));
    }
    const fired = firedIn(node.file);
    const why = (id) => (!facts.has(id) ? 'It fed no suggestion in the result (for example one a veto removed).'
      : 'No input facts: it built on earlier conclusions.');
    decorate(clear($('node-detail')), {}, [el('h3', {text: node.title}),
      el('p', {}, el('code', {text: node.file}), ' — ', !state.result ? 'no evaluation yet.'
        : on ? 'on this patient\'s route.' : 'not on this patient\'s route.'),
      state.result ? el('h4', {text: fired.length ? `Rules that fired (${fired.length})` : 'No rule of this file fired.'}) : null,
      fired.length ? el('ul', {class: 'fired'}, fired.map((id) => el('li', {}, ruleLink(id), ` ${ruleName(id)}`,
        (facts.get(id) || new Set()).size ? factList(facts.get(id)) : el('p', {class: 'hint', text: why(id)})))) : null,
      el('details', {}, el('summary', {text: `All ${(node.rules || []).length} rules in this file`}),
        el('ul', {}, (node.rules || []).map((id) => el('li', {}, ruleLink(id), ` ${ruleName(id)}`))))]);
  }

  function arrowDefs(prefix) {
    const marker = (name) => svg('marker', {id: `${prefix}-${name}`, viewBox: '0 0 10 10', refX: 9, refY: 5,
      markerWidth: 8, markerHeight: 8, markerUnits: 'userSpaceOnUse', orient: 'auto', class: `arrow-${name}`},
    svg('path', {d: 'M0 0 L10 5 L0 10 z'}));
    return svg('defs', {}, marker('grey'), marker('route'));
  }

  /** Wraps text at spaces, underscores, dots or slashes into at most maxLines lines; cuts the rest with "…". */
  function wrap(text, chars, maxLines) {
    const lines = [];
    let line = '';
    for (const word of String(text).split(/(?<=[ _/.])/)) {
      if (line && (line + word).length > chars) { lines.push(line); line = ''; }
      line += word;
      while (line.length > chars) { lines.push(`${line.slice(0, chars - 1)}-`); line = line.slice(chars - 1); }
    }
    if (line) lines.push(line);
    const shown = lines.slice(0, maxLines).map((l) => l.trimEnd());
    if (lines.length > maxLines) shown[maxLines - 1] = `${shown[maxLines - 1].slice(0, chars - 1)}…`;
    return shown;
  }

  const textLines = (lines, x, y, anchor) => svg('text', {x, y, 'text-anchor': anchor},
    lines.map((l, i) => svg('tspan', {x, dy: i ? 15 : 0, text: l})));

  // ------------------------------------------------------------------ derivation graph

  /**
   * The graph behind one suggestion: fact -> rule -> code -> rule -> ... -> suggestion. A step
   * without `concludes` concludes its suggestion; a `from` code that no step of this suggestion
   * concludes is another suggestion, whose own steps are drawn too.
   */
  function buildDerivation(rec) {
    const recs = state.result.evaluation.recommendations || [];
    const nodes = new Map();
    const node = (key, type, label, full = label) => {
      if (!nodes.has(key)) nodes.set(key, {key, type, label, full, ins: new Set(), outs: new Set()});
      return nodes.get(key);
    };
    const link = (a, b) => { a.outs.add(b.key); b.ins.add(a.key); };
    const visited = new Set();
    const addRec = (r) => {
      visited.add(r);
      const concluded = new Set((r.because || []).map((s) => s.concludes).filter(Boolean));
      for (const step of r.because || []) {
        const target = step.concludes || r.code;
        const codeNode = node(`c:${target}`, 'code', target, target === r.code ? `${r.code}: ${r.title}` : target);
        const ruleNode = node(`r:${step.rule}>${target}`, 'rule', step.rule, `${step.rule} ${ruleName(step.rule)}`);
        link(ruleNode, codeNode);
        for (const fact of step.facts || []) link(node(`f:${fact}`, 'fact', fact), ruleNode);
        for (const code of step.from || []) {
          link(node(`c:${code}`, 'code', code), ruleNode);
          const other = concluded.has(code) ? null : recs.find((x) => x.code === code);
          if (other && !visited.has(other)) addRec(other);
        }
      }
    };
    node(`c:${rec.code}`, 'rec', rec.code, `${rec.code}: ${rec.title}`);
    addRec(rec);
    return nodes;
  }

  /** Columns: rules and codes one right of their inputs, the suggestion last, facts just left of their rule. */
  function layerNodes(nodes) {
    const layer = new Map();
    const depth = (n, seen) => {
      if (n.type === 'fact' || seen.has(n.key)) return 0; // seen: a cycle would otherwise never end
      if (!layer.has(n.key)) {
        const inputs = [...n.ins].map((k) => depth(nodes.get(k), new Set([...seen, n.key])));
        layer.set(n.key, 1 + Math.max(0, ...inputs));
      }
      return layer.get(n.key);
    };
    nodes.forEach((n) => depth(n, new Set()));
    const last = Math.max(1, ...layer.values());
    for (const n of nodes.values()) {
      if (n.type === 'rec') layer.set(n.key, last);
      if (n.type === 'fact') layer.set(n.key, Math.min(...[...n.outs].map((k) => layer.get(k))) - 1);
    }
    const columns = [];
    nodes.forEach((n) => (columns[layer.get(n.key)] = columns[layer.get(n.key)] || []).push(n));
    return columns.filter(Boolean);
  }

  /** Orders each column by the mean position of its neighbours; a few sweeps remove most crossings. */
  function orderColumns(columns) {
    const position = new Map();
    const index = () => columns.forEach((col) => col.forEach((n, i) => position.set(n.key, (i + 1) / (col.length + 1))));
    const centre = (n, keys) => (keys.size ? [...keys].reduce((s, k) => s + position.get(k), 0) / keys.size
      : position.get(n.key));
    index();
    for (let sweep = 0; sweep < 3; sweep++) {
      columns.forEach((col) => col.sort((a, b) => centre(a, a.ins) - centre(b, b.ins)));
      index();
      [...columns].reverse().forEach((col) => col.sort((a, b) => centre(a, a.outs) - centre(b, b.outs)));
      index();
    }
  }

  const DN = {fact: [34, 3], rule: [22, 3], code: [24, 3], rec: [26, 3]}; // [characters per line, lines]

  function showDerivation(rec) {
    const nodes = buildDerivation(rec);
    const columns = layerNodes(nodes);
    orderColumns(columns);
    for (const n of nodes.values()) {
      n.lines = wrap(n.type === 'rule' ? n.full : n.label, ...DN[n.type]);
      n.w = Math.max(...n.lines.map((l) => l.length)) * 6.9 + 18; // about 6.9 px per character at 11-12 px
      n.h = n.lines.length * 15 + 12;
    }
    const [gapX, gapY] = [46, 12];
    const heights = columns.map((col) => col.reduce((s, n) => s + n.h + gapY, -gapY));
    const height = Math.max(...heights) + 24;
    let x = 10;
    columns.forEach((col, i) => {
      const w = Math.max(...col.map((n) => n.w));
      let y = 12 + (height - 24 - heights[i]) / 2; // centre each column vertically
      for (const n of col) {
        Object.assign(n, {x: x + (w - n.w) / 2, y});
        y += n.h + gapY;
      }
      x += w + gapX;
    });
    const width = x - gapX + 10;
    const count = (type) => [...nodes.values()].filter((n) => n.type === type).length;
    const root = svg('svg', {viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'derivation-svg',
      'aria-labelledby': 'derivation-svg-title'},
    svg('title', {id: 'derivation-svg-title', text: `Derivation of ${rec.code}: ${count('fact')} facts, ` +
      `${count('rule')} rule steps, read left to right`}), arrowDefs('dv'));
    nodes.forEach((n) => n.outs.forEach((key) => root.append(derivationEdge(n, nodes.get(key)))));
    nodes.forEach((n) => root.append(derivationNode(n)));
    clear($('derivation')).append(root);
    $('derivation-title').textContent = `Derivation of ${rec.title || rec.code} (${rec.code}` +
      `${rec.reason ? `, ${rec.reason}` : ''})`;
    $('derivation-heading').scrollIntoView({block: 'start'});
    $('derivation-heading').focus();
  }

  function derivationEdge(a, b) {
    const [x1, y1, x2, y2] = [a.x + a.w, a.y + a.h / 2, b.x - 3, b.y + b.h / 2];
    const dx = Math.max(20, (x2 - x1) / 2);
    return svg('path', {d: `M${x1} ${y1} C${x1 + dx} ${y1} ${x2 - dx} ${y2} ${x2} ${y2}`, class: 'dedge',
      'marker-end': 'url(#dv-grey)'});
  }

  function derivationNode(n) {
    const attrs = {fact: {class: 'dnode fact'}, rule: {class: 'dnode rule', 'data-rule': n.label},
      code: {class: 'dnode code', 'data-code': n.label}, rec: {class: 'dnode code recommendation', 'data-code': n.label}};
    return svg('g', attrs[n.type], svg('title', {text: n.full}),
      svg('rect', {x: n.x, y: n.y, width: n.w, height: n.h, rx: {rule: 10, fact: 2}[n.type] || 4}),
      textLines(n.lines, n.x + 9, n.y + 18, 'start'));
  }

  // ------------------------------------------------------------------ why not? / why?

  function buildWhyNot(codes) {
    const kinds = [...new Set([...Object.keys(KIND_TITLES), ...codes.map((c) => c.kind)])];
    clear($('whynot-code')).append(...kinds.filter((k) => codes.some((c) => c.kind === k)).map((kind) =>
      el('optgroup', {label: KIND_TITLES[kind] || human(kind)}, codes.filter((c) => c.kind === kind).map((c) =>
        el('option', {value: c.code, 'data-text': `${c.code} — ${c.title}`, text: `${c.code} — ${c.title}`})))));
  }

  /** After an evaluation, the codes in the result say so in the list. */
  function markPresentCodes(recs) {
    const present = new Set(recs.map((r) => r.code));
    for (const o of $('whynot-code').options) {
      o.textContent = o.dataset.text + (present.has(o.value) ? ' (in the result)' : '');
    }
  }

  async function ask(question) {
    const out = $('whynot-result');
    let patient;
    try {
      patient = JSON.parse($('patient-json').value);
    } catch (e) {
      return showErrors(problem([`The JSON box is not valid JSON (${e.message}).`]), 'The question could not be asked:');
    }
    clearErrors();
    out.textContent = 'Asking…';
    try {
      out.textContent = (await api('/api/explain', {patient, code: $('whynot-code').value, question})).text;
    } catch (e) {
      out.textContent = 'No answer: see the problems above.';
      showErrors(e, 'The question could not be answered:');
    }
  }

  // ------------------------------------------------------------------ CDS Hooks cards

  function renderCards(response) {
    const cards = (response && response.cards) || [];
    clear($('cards-preview')).append(cards.length
      ? el('ul', {class: 'card-list'}, cards.map((card) => el('li', {class: `card card-${card.indicator}`},
        el('span', {class: `indicator indicator-${card.indicator}`},
          icon({critical: 'alert', warning: 'avoid'}[card.indicator] || 'info'), card.indicator),
        el('span', {class: 'card-summary', text: card.summary}),
        card.source && card.source.label ? el('span', {class: 'card-source', text: `Source: ${card.source.label}`}) : null,
        (card.suggestions || []).length ? el('span', {class: 'card-suggestions',
          text: `Suggestions offered: ${card.suggestions.map((s) => s.label).join('; ')}`}) : null)))
      : el('p', {class: 'empty', text: 'No card: the service returns an empty list for this patient.'}));
    $('cards-json').textContent = JSON.stringify(response || {cards: []}, null, 2);
  }

  // ------------------------------------------------------------------ start

  function renderHeader(catalogue) {
    const kb = catalogue.knowledgeBase || {};
    $('kb-info').textContent = `Knowledge base ${kb.name} ${kb.version} · SHA-256 ${String(kb.sha256).slice(0, 12)} · ` +
      `${kb.rules} rules · engine ${catalogue.engineVersion}`;
    $('kb-info').title = `SHA-256 ${kb.sha256}`;
    if (catalogue.disclaimer) $('disclaimer-text').textContent = catalogue.disclaimer;
  }

  function wireEvents() {
    const form = $('assessment-form');
    form.addEventListener('input', formChanged);
    form.addEventListener('change', formChanged);
    form.addEventListener('submit', (e) => e.preventDefault()); // the form never navigates away
    $('patient-json').addEventListener('input', jsonEdited);
    const clicks = {'json-to-form': () => jsonToForm(false), 'load-example': loadExample, evaluate,
      'whynot-ask': () => ask('why-not'), 'why-ask': () => ask('why'),
      'derivation-fit': (e) => e.target.setAttribute('aria-pressed', $('derivation').classList.toggle('fit'))};
    for (const [id, handler] of Object.entries(clicks)) $(id).addEventListener('click', handler);
  }

  async function start() {
    wireEvents();
    try {
      const catalogue = await api('/api/catalogue');
      state.catalogue = catalogue;
      for (const rule of catalogue.rules || []) state.rules.set(rule.id, rule);
      renderHeader(catalogue);
      $('assessment-form').append(...FORM.map((spec) => buildGroup(spec, catalogue.vocabulary || {}, 'group')));
      buildWhyNot(catalogue.codes || []);
      renderPathway();
    } catch (e) {
      showErrors(e, 'The workbench could not load the knowledge-base catalogue:');
    }
    try {
      await loadExamples();
    } catch (e) {
      showErrors(e, 'The examples could not be loaded:');
    }
  }

  document.addEventListener('DOMContentLoaded', start);
})();
